/**
 * The part of `@napi-rs/wasm-runtime` (which ships no types) that src/shared/astroParser.ts uses: instantiating a
 * napi-rs WebAssembly module synchronously. https://github.com/napi-rs/napi-rs/tree/main/wasm-runtime
 */
declare module '@napi-rs/wasm-runtime' {
  /** `@tybys/wasm-util`'s WASI preview1, in JavaScript: without `fs` it has no file system. */
  export class WASI {
    constructor(options: { version: 'preview1'; args?: string[]; env?: Record<string, string>; preopens?: Record<string, string> });
  }
  /** emnapi's context, shared by the modules it runs. */
  export function getDefaultContext(): unknown;
  /** Compiles and instantiates `wasm`; `napiModule.exports` is what the module registered. */
  export function instantiateNapiModuleSync(
    wasm: Uint8Array,
    options: {
      context: unknown;
      wasi: unknown;
      asyncWorkPoolSize?: number;
      onCreateWorker?: () => never;
      overwriteImports?: (imports: Record<string, Record<string, unknown>>) => Record<string, Record<string, unknown>>;
      beforeInit?: (arg: { instance: WebAssembly.Instance }) => void;
    },
  ): { napiModule: { exports: Record<string, unknown> } };
}
