import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import { declaredSettings, type SettingsGroup } from '../support/settings';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** A package.json string as VS Code shows it in English: `%key%` from package.nls.json. */
const shown = (v: string | undefined): string => (v ?? '').replace(/^%([\w.-]+)%$/, (_, k: string) => nls[k] ?? `<missing ${k}>`);
const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
const views = new Set<string>(Object.values(pkg.contributes.views).flat().map((v) => (v as { id: string }).id));
const settings = declaredSettings(pkg);
const groups = pkg.contributes.configuration as SettingsGroup[];

describe('package.json: the listing and the platform conventions', () => {
  it('the Get Started walkthrough: four steps, each with existing media, completed by a real command, view or context key the code sets', () => {
    const contexts = readFileSync(path.join(ROOT, 'src/platform/contexts.ts'), 'utf8');
    const [w] = pkg.contributes.walkthroughs;
    assert.equal(w.id, 'openrouterStudio.getStarted');
    assert.deepEqual(w.steps.map((s: { id: string }) => s.id), ['setKey', 'generate', 'describe', 'chat']);
    for (const step of w.steps) {
      const media = step.media.svg ?? step.media.image;
      assert.ok(existsSync(path.join(ROOT, media)), `${step.id}: ${media} exists`);
      assert.ok(step.media.altText, `${step.id} has alt text`);
      for (const e of step.completionEvents as string[]) {
        const [kind, id] = e.split(':');
        const known = kind === 'onCommand' ? commands.has(id) : kind === 'onView' ? views.has(id) : kind === 'onContext' && contexts.includes(`'${id}'`);
        assert.ok(known, `${step.id}: ${e} refers to a contributed command or view, or a context key of platform/contexts.ts`);
      }
      for (const [, id] of shown(step.description).matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(commands.has(id) || id === `${[...views][0]}.focus`, `${step.id}: the link to ${id} runs a contributed command`);
      }
    }
    assert.ok(commands.has('openrouterStudio.getStarted'));
  });

  it('the settings come in groups, models first, each setting in order; a renamed one says what replaced it; every #setting# link names a real setting', () => {
    assert.deepEqual(groups.map((g) => shown(g.title)), ['Models', 'Images', 'Chat', 'Alt text', 'Agent tools', 'Limits and network']);
    assert.deepEqual(groups.map((g) => g.order), groups.map((_, i) => i));
    for (const g of groups) {
      const current = Object.entries(g.properties).filter(([, v]) => !v.markdownDeprecationMessage);
      assert.deepEqual(current.map(([, v]) => v.order), current.map((_, i) => i), g.id);
      for (const [k, v] of Object.entries(g.properties)) {
        if (!v.markdownDeprecationMessage) continue;
        const to = shown(v.markdownDeprecationMessage).match(/`#([\w.]+)#`/)?.[1];
        assert.ok(to && to in settings && !settings[to].markdownDeprecationMessage, `${k} names the setting that replaced it`);
      }
    }
    // An enum's empty value is labelled (not a blank row).
    for (const [k, v] of Object.entries(settings)) if (v.enum?.includes('')) assert.ok(shown(v.enumItemLabels?.[v.enum.indexOf('')]), `${k} labels its empty value`);
    const keys = Object.keys(settings);
    const links = keys.flatMap((k) => [...shown(settings[k].markdownDescription).matchAll(/`#([\w.]+)#`/g)].map((m) => [k, m[1]]));
    assert.ok(links.length >= 6, 'settings link to each other');
    for (const [from, to] of links) assert.ok(to in settings, `${from} links to ${to}, which exists`);
  });

  it('the explorer\'s context menu has one "OpenRouter" submenu holding the extension\'s commands', () => {
    const explorer = pkg.contributes.menus['explorer/context'] as Array<{ submenu?: string; command?: string }>;
    assert.deepEqual(explorer.map((e) => e.submenu), ['openrouterStudio.explorer']);
    const [sub] = pkg.contributes.submenus as Array<{ id: string; label: string }>;
    assert.equal(shown(sub.label), 'OpenRouter');
    const inside = (pkg.contributes.menus['openrouterStudio.explorer'] as Array<{ command: string }>).map((e) => e.command);
    assert.ok(inside.length >= 5 && inside.every((c) => commands.has(c)), inside.join(', '));
  });

  it('the gallery listing: a 128×128 PNG icon, banner, homepage, bugs and Q&A', () => {
    assert.ok(pkg.icon && pkg.icon.endsWith('.png'));
    const size = imageSize(readFileSync(path.join(ROOT, pkg.icon)));
    assert.deepEqual([size.type, size.width, size.height], ['png', 128, 128]);
    for (const k of ['homepage', 'qna']) assert.match(pkg[k], /^https:\/\//);
    assert.match(pkg.bugs.url, /^https:\/\//);
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
  });
});

/**
 * Open VSX's own checks of a published extension's manifest (eclipse/openvsx,
 * server/src/main/java/org/eclipse/openvsx/ExtensionValidator.java: validateNamespace,
 * validateExtensionName, validateMetadata), so the same .vsix is accepted there without `ovsx`.
 */
describe('package.json: Open VSX\'s rules', () => {
  const NAME = /^[\w\-+$~]+$/;
  const isUrl = (v: string): boolean => {
    try {
      return new URL(v.replace(/^git\+/, '')).host !== '';
    } catch {
      return false;
    }
  };
  /** Control, format, unassigned, private-use and line/paragraph separator characters are refused. */
  const BAD_CHAR = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\u2028\u2029]/u;

  it('publisher (namespace) and name: [\\w-+$~]+, at most 255 characters; a version of letters, digits and $+-,.:;_ that is not reserved', () => {
    for (const v of [pkg.publisher, pkg.name]) {
      assert.match(v, NAME);
      assert.ok(v.length <= 255);
    }
    assert.match(pkg.version, /^[\p{L}\p{N}$+\-,.:;_]+$/u);
    assert.ok(!['latest', 'pre-release', 'reviews'].includes(pkg.version));
  });

  it('text fields within their limits and free of control characters; URLs with a host; gallery and Q&A values it knows', () => {
    const fields: Array<[string, string, number]> = [
      ['displayName', pkg.displayName, 255],
      ['description', pkg.description, 2048],
      ['license', pkg.license, 255],
      ['galleryBanner.color', pkg.galleryBanner.color, 16],
      ...(pkg.categories as string[]).map((c): [string, string, number] => ['categories', c, 255]),
      ...(pkg.keywords as string[]).map((k): [string, string, number] => ['keywords', k, 255]),
    ];
    for (const [field, value, max] of fields) {
      assert.equal(typeof value, 'string', field);
      assert.ok(value.length <= max, `${field} is at most ${max} characters`);
      assert.doesNotMatch(value, BAD_CHAR, field);
      assert.doesNotMatch(value, /^%.*%$/, `${field} is written out (the registries show it as is)`);
    }
    for (const [field, url] of [['homepage', pkg.homepage], ['repository', pkg.repository.url], ['bugs', pkg.bugs.url]]) {
      assert.ok(isUrl(url), `${field} is a URL with a host`);
      assert.ok(url.length <= 255, `${field} is at most 255 characters`);
    }
    assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
    assert.ok(pkg.qna === 'marketplace' || pkg.qna === false || isUrl(pkg.qna), 'qna');
    assert.ok(pkg.markdown === undefined || ['github', 'standard'].includes(pkg.markdown));
    assert.ok(existsSync(path.join(ROOT, 'LICENSE')), 'a LICENSE file (ovsx asks for one)');
  });
});

describe('the chat view\'s CSS', () => {
  it('uses only theme variables for colours: no hard-coded colour, so every theme (High Contrast too) applies', () => {
    let css = readFileSync(path.join(ROOT, 'media', 'chat.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    // The one exception: Generate SVG's previews show the picture on a light and a dark surface whatever the theme.
    const surfaces = css.match(/\.svg-(light|dark) \{ background: #(ffffff|1e1e1e); \}/g);
    assert.deepEqual(surfaces, ['.svg-light { background: #ffffff; }', '.svg-dark { background: #1e1e1e; }']);
    css = css.replace(/\.svg-(light|dark) \{ background: #(ffffff|1e1e1e); \}/g, '');
    const literal = css.match(/#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(|:\s*(white|black|red|gray|grey)\b/gi);
    assert.equal(literal, null, `hard-coded colours: ${literal?.join(', ')}`);
    assert.match(css, /:focus-visible[^{]*\{[^}]*var\(--vscode-focusBorder\)/, 'a visible focus outline in the theme\'s colour');
  });
});

describe('settings: ranges and Restricted Mode', () => {
  const props = declaredSettings(pkg);

  it('every numeric setting has a documented range, and the code clamps to exactly that range and default', async () => {
    const { NUMBER_RANGES } = await import('../../src/shared/settingRanges');
    const numeric = Object.entries(props).filter(([, v]) => v.type === 'number' || v.type === 'integer').map(([k]) => k.replace('openrouterStudio.', '')).sort();
    assert.deepEqual(Object.keys(NUMBER_RANGES).sort(), numeric);
    for (const [k, [min, max, fallback]] of Object.entries(NUMBER_RANGES)) {
      const p = props[`openrouterStudio.${k}`];
      assert.deepEqual([p.minimum, p.maximum, p.default], [min, max, fallback], k);
    }
  });

  it('hostile: a workspace value of 1e400, -1 or a string is clamped or ignored', async () => {
    const { clampSetting, NUMBER_RANGES } = await import('../../src/shared/settingRanges');
    assert.equal(clampSetting(JSON.parse('1e400'), NUMBER_RANGES.chatHistoryCharacters), 1_000_000);
    assert.equal(clampSetting(1e7, NUMBER_RANGES.requestTimeoutSeconds), 600);
    assert.equal(clampSetting(-1, NUMBER_RANGES.maxImagesPerReply), 1);
    assert.equal(clampSetting('20', NUMBER_RANGES.maxEventMB), 64);
    assert.equal(clampSetting(Number.NaN, NUMBER_RANGES.maxReplyCharacters), 2_000_000);
  });

  it('Restricted Mode: what raises cost or removes a time-out is not taken from an untrusted workspace', () => {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const k of ['chatHistoryCharacters', 'requestTimeoutSeconds', 'imageSize', 'maxImageMB', 'maxImageBytes', 'imageEndpoint', 'imageApi', 'drawingModel', 'svgModel', 'maxEventMB', 'maxGeneratedImageMB', 'maxImagesPerReply', 'maxReplyCharacters', 'baseUrl']) {
      assert.ok(restricted.includes(`openrouterStudio.${k}`), k);
    }
  });
});
