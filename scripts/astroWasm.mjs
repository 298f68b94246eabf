// Astro's own parser for the alt-text features in `.astro` files: the WebAssembly (WASI) build of Astro's
// compiler (`@astrojs/compiler-binding-wasm32-wasi`, withastro/compiler-rs). npm will not install that package
// on a real CPU (its package.json says `"cpu": ["wasm32"]`, so that npm picks the native build instead), but
// the extension wants the one file that runs everywhere, in a sandbox without a file system. So the build
// fetches the package's tarball with `npm pack` (from the registry npm uses, checked by npm against the
// registry's integrity), checks it against the digests pinned below, and keeps its `.wasm` in
// node_modules/.cache/ (gone with node_modules, as every installed package is). esbuild.mjs copies it to dist/.
//
// `node scripts/astroWasm.mjs` fetches it on its own.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ASTRO_WASM_PACKAGE = '@astrojs/compiler-binding-wasm32-wasi@0.5.3';
/** The tarball's integrity as the registry publishes it (`npm view <package> dist.integrity`). */
const TARBALL_SHA512 = 'sha512-cEhZ7XAoZYffJdNYb3MDWci1UKhSEjPN+DMaLEB8X1tKlhlYNw9eVWUyNZTe1gb3nr7JJBVXdXDioqE00dyVLQ==';
/** The `.wasm` file's SHA-256, checked on every build. */
const WASM_SHA256 = 'a10aa75cb3cb5958de83efead67a053340a3c831e333bf03eb139eaa43a1ee2e';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the checked `.wasm` is kept between builds. */
export const ASTRO_WASM = path.join(root, 'node_modules', '.cache', 'openrouter-studio', 'astro-0.5.3.wasm');

const sha = (algorithm, bytes, encoding) => createHash(algorithm).update(bytes).digest(encoding);

/** What npm is told by the environment that the fetch should still obey: where the registry is, and how to reach it. */
const NPM_NETWORK = /^npm_config_(registry|cache|userconfig|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i;

/**
 * npm, run as the user's own npm when a script of npm's started us, without the `npm_*` variables an
 * `npm run` leaks in (but the registry and proxy settings, {@link NPM_NETWORK}).
 */
function npm(args, cwd) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || NPM_NETWORK.test(k)));
  const cli = process.env.npm_execpath;
  if (cli && cli.endsWith('.js')) return execFileSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8' });
  return execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, env, encoding: 'utf8', shell: process.platform === 'win32' });
}

/**
 * The path of Astro's parser (`.wasm`), fetched and checked if it is not there yet.
 * @throws {Error} when it cannot be fetched, or its bytes are not the pinned ones.
 */
export function ensureAstroWasm() {
  if (existsSync(ASTRO_WASM) && sha('sha256', readFileSync(ASTRO_WASM), 'hex') === WASM_SHA256) return ASTRO_WASM;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'astro-wasm-'));
  try {
    let packed;
    try {
      packed = JSON.parse(npm(['pack', ASTRO_WASM_PACKAGE, '--json', '--silent', '--pack-destination', dir], dir))[0];
    } catch (err) {
      throw new Error(`Astro's parser (${ASTRO_WASM_PACKAGE}) could not be fetched from the npm registry: ${err.message}`);
    }
    const tarball = path.join(dir, packed.filename);
    const integrity = `sha512-${sha('sha512', readFileSync(tarball), 'base64')}`;
    if (integrity !== TARBALL_SHA512) throw new Error(`${ASTRO_WASM_PACKAGE}: the tarball's integrity is ${integrity}, not the pinned ${TARBALL_SHA512}`);
    execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/astro.wasm32-wasi.wasm']);
    const wasm = path.join(dir, 'package', 'astro.wasm32-wasi.wasm');
    const digest = sha('sha256', readFileSync(wasm), 'hex');
    if (digest !== WASM_SHA256) throw new Error(`${ASTRO_WASM_PACKAGE}: the .wasm's SHA-256 is ${digest}, not the pinned ${WASM_SHA256}`);
    mkdirSync(path.dirname(ASTRO_WASM), { recursive: true });
    // Copied beside, then renamed: a build that stops half way leaves no half-written file in the cache.
    copyFileSync(wasm, `${ASTRO_WASM}.part`);
    renameSync(`${ASTRO_WASM}.part`, ASTRO_WASM);
    return ASTRO_WASM;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) console.log(ensureAstroWasm());
