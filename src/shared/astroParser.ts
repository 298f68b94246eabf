/**
 * Astro's own parser (withastro/compiler-rs, the WebAssembly build `@astrojs/compiler-binding-wasm32-wasi`),
 * for alt text in `.astro` files. A module of its own, loaded on first use (see {@link astroParser}): in the
 * extension bundle esbuild makes it `dist/astro.js`, beside `dist/astro.wasm` (fetched and checked by
 * scripts/astroWasm.mjs). Pure code, no `vscode`.
 *
 * The module runs in a WASI sandbox with no file system (no preopened directory), no environment variables and
 * no arguments, and without threads: a document's text goes in, its tree as JSON comes out. napi-rs's own loader
 * (`astro.wasi.cjs`) would give it the whole file system and `process.env`; this one gives it nothing.
 * The WASI is `@tybys/wasm-util`'s, in JavaScript (the one napi-rs's runtime
 * brings; Node's `node:wasi` is experimental and says so on every load). Astro's compiler:
 * https://github.com/withastro/compiler-rs (`parseAstroSync`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { getDefaultContext, instantiateNapiModuleSync, WASI } from '@napi-rs/wasm-runtime';

/** What `parseAstroSync` returns: the tree (oxc's ESTree JSON, offsets in UTF-16 code units) and the parse errors. */
interface AstroParseResult {
  ast: string;
  diagnostics: Array<{ message: string }>;
}

interface AstroModule {
  parseAstroSync(text: string): AstroParseResult;
}

let loaded: AstroModule | undefined;

/** Where the `.wasm` is: beside the bundle (dist/astro.wasm), or, for the compiled tests, in the build's dist/. */
function wasmPath(): string {
  const candidates = [path.join(__dirname, 'astro.wasm'), path.join(__dirname, '..', '..', '..', 'dist', 'astro.wasm')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(l10n.t("Astro's parser is missing from this build ({0}): run the build again.", candidates[0]));
  return found;
}

function instantiate(): AstroModule {
  // The module asks for a shared memory of at least this many 64 KiB pages (what napi-rs's loader gives it);
  // it is reserved, not used: a small document takes a few MB.
  const memory = new WebAssembly.Memory({ initial: 4000, maximum: 65536, shared: true });
  const wasi = new WASI({ version: 'preview1', args: [], env: {}, preopens: {} });
  const { napiModule } = instantiateNapiModuleSync(readFileSync(wasmPath()), {
    context: getDefaultContext(),
    wasi,
    asyncWorkPoolSize: 0,
    onCreateWorker() {
      throw new Error(l10n.t("Astro's parser asked for a thread; it runs without."));
    },
    overwriteImports(imports: Record<string, Record<string, unknown>>) {
      imports.env = { ...imports.env, ...imports.napi, ...imports.emnapi, memory };
      return imports;
    },
    beforeInit({ instance }: { instance: WebAssembly.Instance }) {
      for (const name of Object.keys(instance.exports)) if (name.startsWith('__napi_register__')) (instance.exports[name] as () => void)();
    },
  });
  return napiModule.exports as unknown as AstroModule;
}

/**
 * Parses an `.astro` file's text with Astro's compiler: its `AstroRoot` (the front matter's program, the
 * template as JSX nodes; offsets are UTF-16 code units of `text`, a byte-order mark included) and how many parse
 * errors it recovered from.
 * @throws {RangeError} when the text nests too deeply for the parser's stack (about 2,500 open elements); the
 *   module is set up anew for the next text, since a stack overflow may have stopped it half way.
 */
export function parseAstro(text: string): { ast: Record<string, unknown>; errors: number } {
  loaded ??= instantiate();
  try {
    const r = loaded.parseAstroSync(text);
    return { ast: JSON.parse(r.ast) as Record<string, unknown>, errors: r.diagnostics.length };
  } catch (err) {
    loaded = undefined;
    throw err;
  }
}
