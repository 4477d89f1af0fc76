// The console's DOM builder. No framework (issue 9: served as-is from a closed provincial network): screens build
// elements with h() and replace them wholesale. Text always goes in as text nodes, never as HTML, so a bulletin
// title can never inject markup; styles go through the CSSOM because the CSP forbids inline style attributes.

/** Anything h() accepts as a child; null, undefined and false are skipped, arrays are flattened. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Event handlers may be async: a rejected promise is handed to the error reporter (a toast), never left floating. */
export type Handlers = { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void | Promise<void> };

export interface Props {
  readonly class?: string | readonly (string | false | null | undefined)[];
  /** Set through element.style (CSSOM), which the CSP allows. Keys are CSS property names: 'grid-template-columns'. */
  readonly style?: Readonly<Record<string, string>>;
  readonly dataset?: Readonly<Record<string, string>>;
  readonly on?: Handlers;
  /** Any other attribute: strings and numbers are set, `true` sets it empty, false/null/undefined leave it out. */
  readonly [attribute: string]: unknown;
}

type ErrorReporter = (error: unknown) => void;
let reportError: ErrorReporter = (error) => console.error(error);

/** The shell installs the toast here so that every failed handler shows a coded message. */
export function setErrorReporter(reporter: ErrorReporter): void {
  reportError = reporter;
}

/** Runs a possibly-async callback, reporting a throw or a rejection instead of losing it. */
export function guarded(run: () => void | Promise<void>): void {
  try {
    const result = run();
    if (result instanceof Promise) result.catch(reportError);
  } catch (error) {
    reportError(error);
  }
}

// Assigned as properties: as attributes they only set the initial state (value, checked) or mean something else.
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'indeterminate', 'hidden', 'multiple', 'open']);

function applyProps(el: Element, props: Props): void {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') {
      const names = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : typeof value === 'string' ? [value] : [];
      if (names.length > 0) el.setAttribute('class', names.join(' '));
    } else if (key === 'style') {
      const style = (el as HTMLElement | SVGElement).style;
      for (const [prop, v] of Object.entries(value as Record<string, string>)) style.setProperty(prop, v);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value as Record<string, string>)) (el as HTMLElement).dataset[k] = v;
    } else if (key === 'on') {
      for (const [type, handler] of Object.entries(value as Record<string, (e: Event) => void | Promise<void>>)) {
        el.addEventListener(type, (event) => guarded(() => handler(event)));
      }
    } else if (PROPERTIES.has(key) && key in el) {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else if (value !== false) {
      el.setAttribute(key, typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value));
    }
  }
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child as string | number)));
  }
}

/** `h('button', { class: 'primary', type: 'button', on: { click: save } }, t('core.save'))`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) applyProps(el, props);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG (maps, charts, QR codes): `svg('circle', { cx: 4, cy: 4, r: 2 })`. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  if (props) applyProps(el, props);
  append(el, children);
  return el;
}

/** Replaces every child of `el`. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A DocumentFragment of children, for helpers that return several siblings. */
export function fragment(...children: Child[]): DocumentFragment {
  const f = document.createDocumentFragment();
  append(f, children);
  return f;
}
