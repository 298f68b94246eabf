/**
 * The image gallery's message protocol: one valibot schema per message, imported by the extension host
 * (`src/gallery/`) and the gallery's script (`galleryView.ts`), as the chat view's `protocol.ts` is. Every
 * message is checked on receipt; an unknown or ill-shaped one is dropped. Thumbnails travel as webview URIs
 * of workspace files, never as image data. Every text in a tile, facet or comparison comes from a file anyone
 * could have written: the view shows it as text only.
 */
import * as v from 'valibot';

const str = (max = 100_000) => v.pipe(v.string(), v.maxLength(max));
const finite = v.pipe(v.number(), v.finite());
/** A list of which only the valid items are kept (at most `max`). */
const validItems = <S extends v.GenericSchema>(item: S, max = 100_000) =>
  v.pipe(
    v.array(v.unknown()),
    v.transform((items): v.InferOutput<S>[] => items.slice(0, max).flatMap((x) => {
      const r = v.safeParse(item, x);
      return r.success ? [r.output] : [];
    })),
  );

/** The makers a filter can name (as `gallery/entry.ts` has them). */
export const GALLERY_MAKERS = ['openrouter', 'a1111', 'comfyui', 'swarmui', 'fooocus', 'camera', 'unknown'] as const;
/** What a tile's buttons and the selection bar can do, each as the command it stands for. */
export const GALLERY_ACTIONS = ['open', 'reveal', 'copyPath', 'copyLink', 'details', 'generateAgain', 'edit', 'describe', 'refine', 'delete'] as const;

function makeSchemas() {
  const id = str(4096);
  /**
   * One image: `id` its URI (the extension looks it up in its index, never trusting it as a path), `src` the
   * `asWebviewUri` of the file, `label` the workspace-relative path; `prompt` clipped for the tile; `cost`
   * formatted; `error` why the file could not be read.
   */
  const TileSchema = v.object({
    id,
    src: str(8192),
    label: str(4096),
    name: str(1024),
    prompt: v.optional(str(600)),
    model: v.optional(str(300)),
    cost: v.optional(str(40)),
    maker: v.picklist(GALLERY_MAKERS),
    error: v.optional(str(1000)),
    /** Milliseconds since the epoch. */
    mtime: finite,
  });
  const FacetSchema = v.object({ value: str(300), label: str(400), count: finite, cost: v.optional(str(40)) });
  const QuerySchema = v.object({
    text: v.optional(str(1000)),
    negative: v.optional(str(1000)),
    model: v.optional(str(300)),
    maker: v.optional(v.picklist(GALLERY_MAKERS)),
    since: v.optional(finite),
    until: v.optional(finite),
    aspectRatio: v.optional(str(20)),
    folder: v.optional(str(4096)),
    sort: v.optional(v.picklist(['date', 'cost', 'name'])),
  });
  const message = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) => v.object({ type: v.literal(type), ...entries });

  /** Extension host → gallery. */
  const ToGallerySchema = v.variant('type', [
    // The query's results, the facets of all of them, and the totals (count, recorded cost) of what is shown.
    message('results', {
      tiles: validItems(TileSchema),
      models: validItems(FacetSchema, 1000),
      makers: validItems(FacetSchema, 20),
      aspectRatios: validItems(FacetSchema, 100),
      total: str(200),
      indexing: v.boolean(),
      note: v.optional(str(500)),
    }),
    // The filters to show (an Open image gallery with a filter, or on a folder).
    message('setQuery', { query: QuerySchema }),
    message('family', { of: id, tiles: validItems(TileSchema, 200) }),
    message('compare', {
      tiles: validItems(TileSchema, 4),
      rows: validItems(v.object({ label: str(200), values: v.pipe(v.array(str(10_000)), v.maxLength(4)), differs: v.boolean() }), 50),
      prompts: v.pipe(v.array(v.pipe(v.array(v.object({ word: str(1000), unique: v.boolean() })), v.maxLength(2000))), v.maxLength(4)),
    }),
  ]);

  /** Gallery → extension host. */
  const FromGallerySchema = v.variant('type', [
    message('ready', {}),
    message('query', { query: QuerySchema }),
    message('action', { action: v.picklist(GALLERY_ACTIONS), id }),
    message('family', { id }),
    message('compare', { ids: v.pipe(v.array(id), v.minLength(2), v.maxLength(4)) }),
  ]);
  return { FromGallerySchema, QuerySchema, TileSchema, ToGallerySchema, FacetSchema };
}

type Schemas = ReturnType<typeof makeSchemas>;
let schemas: Schemas | undefined;

export type GalleryTile = v.InferOutput<Schemas['TileSchema']>;
export type GalleryFacet = v.InferOutput<Schemas['FacetSchema']>;
export type GalleryViewQuery = v.InferOutput<Schemas['QuerySchema']>;
export type ToGallery = v.InferOutput<Schemas['ToGallerySchema']>;
export type FromGallery = v.InferOutput<Schemas['FromGallerySchema']>;
export type GalleryAction = (typeof GALLERY_ACTIONS)[number];

/** Validates a message the gallery received. @returns the typed message, or `undefined` for anything else. */
export function parseToGallery(m: unknown): ToGallery | undefined {
  const r = v.safeParse((schemas ??= makeSchemas()).ToGallerySchema, m);
  return r.success ? r.output : undefined;
}

/** Validates a message the extension host received from the gallery. @returns the typed message, or `undefined`. */
export function parseFromGallery(m: unknown): FromGallery | undefined {
  const r = v.safeParse((schemas ??= makeSchemas()).FromGallerySchema, m);
  return r.success ? r.output : undefined;
}
