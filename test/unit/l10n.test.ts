import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { getL10nJson } from '@vscode/l10n-dev';
import { OpenRouterError } from '../../src/openrouter/errors';
import { verifyImage } from '../../src/images/mime';

const ROOT = path.resolve(__dirname, '../../..');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

/** Every `.ts` file under `src/`, as [workspace-relative path, text]. */
function sources(dir = 'src'): Array<[string, string]> {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [[rel, read(rel)] as [string, string]] : [];
  });
}

/** The source without comments, so that documentation examples are not taken for code. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('l10n: every user-visible string can be translated', function () {
  // The exporter reads every source file: seconds on a busy machine.
  this.timeout(60_000);
  it('l10n/bundle.l10n.json holds exactly the strings of the source (run `npm run l10n` after changing one)', async () => {
    const exported = await getL10nJson(sources().map(([, contents]) => ({ contents, extension: '.ts' })));
    const bundle = JSON.parse(read('l10n/bundle.l10n.json')) as Record<string, unknown>;
    const missing = Object.keys(exported).filter((k) => !(k in bundle));
    const stale = Object.keys(bundle).filter((k) => !(k in exported));
    assert.deepEqual(missing, [], 'strings of the source missing from the bundle');
    assert.deepEqual(stale, [], 'strings in the bundle that the source no longer has');
    assert.ok(Object.keys(bundle).length > 200, `the bundle has ${Object.keys(bundle).length} strings`);
  });

  it('every l10n.t call passes a string literal (the exporter skips a template or a variable, so it would never be translated)', () => {
    const bad = sources().flatMap(([file, text]) =>
      [...code(text).matchAll(/\bl10n\.t\(\s*([^\s])/g)].filter((m) => m[1] !== "'" && m[1] !== '"').map((m) => `${file}: l10n.t(${m[1]}…`));
    assert.deepEqual(bad, []);
  });

  it('no user-facing text is passed to VS Code or the view without l10n.t (messages, titles, placeholders, progress, errors, labels)', () => {
    const patterns = [
      /\bshow(?:Information|Warning|Error)Message\(\s*['"`]/,
      /\bshow(?:Info|Warning|Error)\(\s*['"`]/,
      /[{,.\s](?:title|placeHolder|placeholder|prompt|tooltip)\s*[:=]\s*['"`][^'"`$]*[a-z]/,
      /\bnew (?!ArgumentError)\w*Error\(\s*['"`]/,
      /\breport\(\s*['"`]|report\(\{\s*message:\s*['"`]/,
      /setAttribute\('aria-label',\s*['"`]/,
      /\biconButton\('[\w-]+',\s*['"`]/,
      /\bel\('\w+',\s*(?:'[\w\s-]*'|undefined),\s*(?:['"]|`(?!\$\{))/,
      /new vscode\.(?:CodeAction|Diagnostic)\((?:\s*|[^()]*\),\s*)['"`]/,
    ];
    const found = sources().flatMap(([file, text]) =>
      code(text).split('\n').flatMap((line, i) => (patterns.some((p) => p.test(line)) ? [`${file}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])));
    // The placeholder of the key box is the key's shape, not words.
    assert.deepEqual(found.filter((l) => !l.includes("placeholder = 'sk-or-v1-…'")), []);
  });

  it('the modules without `vscode` (client, image checks) translate through the bundle the extension hands them', () => {
    try {
      l10n.config({
        contents: {
          'OpenRouter rejected the API key ({0}). Set a valid key with "OpenRouter: Set API key".': 'OpenRouter hat den API-Schlüssel abgelehnt ({0}).',
          'The model sent an empty image.': 'Das Modell hat ein leeres Bild gesendet.',
        },
      });
      assert.equal(new OpenRouterError({ kind: 'http', status: 401, detail: 'User not found.' }).message, 'OpenRouter hat den API-Schlüssel abgelehnt (User not found.).');
      assert.throws(() => verifyImage('image/png', new Uint8Array()), { message: 'Das Modell hat ein leeres Bild gesendet.' });
    } finally {
      l10n.config({ contents: {} });
    }
    assert.match(new OpenRouterError({ kind: 'http', status: 401, detail: 'x' }).message, /^OpenRouter rejected the API key \(x\)/, 'English again without a bundle');
  });

  it('an argument is inserted as text: braces in a server message are not read as placeholders', () => {
    const e = new OpenRouterError({ kind: 'http', status: 400, detail: 'bad {0} and {1} in "{prompt}"' });
    assert.equal(e.message, 'OpenRouter error 400: bad {0} and {1} in "{prompt}"');
  });
});

describe('l10n: package.json', () => {
  const pkg = JSON.parse(read('package.json'));
  const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const LOCALISED = new Set(['title', 'category', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'name', 'contextualTitle', 'altText', 'displayName', 'userDescription', 'enumItemLabels', 'deprecationMessage', 'markdownDeprecationMessage', 'label']);

  /** Every localisable string of `contributes` and the trust description, with where it is. */
  function texts(node: unknown, at: string, out: Array<[string, string]> = []): Array<[string, string]> {
    if (Array.isArray(node)) node.forEach((v, i) => texts(v, `${at}[${i}]`, out));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        // A tool's `name` is its identifier, and its input schema and modelDescription are read by models (English).
        if (k === 'inputSchema' || (k === 'name' && /languageModelTools\[\d+\]$/.test(at))) continue;
        if (LOCALISED.has(k) && typeof v === 'string') out.push([`${at}.${k}`, v]);
        else if (LOCALISED.has(k) && Array.isArray(v) && v.every((x) => typeof x === 'string')) v.forEach((x, i) => out.push([`${at}.${k}[${i}]`, x]));
        else if (k !== 'default' && k !== 'enum') texts(v, `${at}.${k}`, out);
      }
    }
    return out;
  }

  it('every title and description of contributes goes through package.nls.json, and every key there is used', () => {
    const all = [...texts(pkg.contributes, 'contributes'), ['capabilities.untrustedWorkspaces.description', pkg.capabilities.untrustedWorkspaces.description] as [string, string]];
    assert.ok(all.length > 50, `${all.length} strings`);
    const literal = all.filter(([, v]) => !/^%[\w.-]+%$/.test(v));
    assert.deepEqual(literal, [], 'strings written in package.json instead of package.nls.json');
    const used = new Set(all.map(([, v]) => v.slice(1, -1)));
    assert.deepEqual([...used].filter((k) => !(k in nls)), [], 'keys missing from package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'keys of package.nls.json that nothing uses');
    assert.equal(pkg.l10n, './l10n', 'VS Code finds l10n/bundle.l10n.<language>.json');
  });
});
