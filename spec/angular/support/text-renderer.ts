import type { Renderer2, RendererFactory2 } from '@angular/core';

/**
 * A node of the tree that {@link TextRendererFactory} renders into: enough of a DOM for Angular to
 * render templates in Node (elements, text, comments, attributes, properties), and for tests to read.
 */
export class TextNode {
  readonly children: TextNode[] = [];
  parent: TextNode | null = null;
  readonly attributes = new Map<string, string>();
  readonly properties = new Map<string, unknown>();

  constructor(
    readonly kind: 'element' | 'text' | 'comment',
    readonly name: string,
    public value = '',
  ) {}

  /** The text a user would read, whitespace collapsed. */
  get text(): string {
    return this.rawText.replace(/\s+/g, ' ').trim();
  }

  /** The first element named `name` below this node. */
  find(name: string): TextNode | undefined {
    for (const child of this.children) {
      if (child.kind === 'element' && child.name === name) return child;
      const found = child.find(name);
      if (found) return found;
    }
    return undefined;
  }

  private get rawText(): string {
    if (this.kind === 'text') return this.value;
    if (this.kind === 'comment') return '';
    // An element's edges separate words, as a browser's layout of <h2> and <p> does.
    return ` ${this.children.map((child) => child.rawText).join('')} `;
  }
}

function node(value: unknown): TextNode {
  if (!(value instanceof TextNode)) throw new TypeError(`not a TextNode: ${String(value)}`);
  return value;
}

function detach(child: TextNode): void {
  if (child.parent) child.parent.children.splice(child.parent.children.indexOf(child), 1);
  child.parent = null;
}

class TextRenderer implements Renderer2 {
  readonly data: Record<string, unknown> = {};
  destroyNode = null;

  destroy(): void {}
  createElement(name: string): TextNode {
    return new TextNode('element', name);
  }
  createComment(value: string): TextNode {
    return new TextNode('comment', '#comment', value);
  }
  createText(value: string): TextNode {
    return new TextNode('text', '#text', value);
  }
  appendChild(parent: unknown, newChild: unknown): void {
    this.insertBefore(parent, newChild, null);
  }
  insertBefore(parent: unknown, newChild: unknown, refChild: unknown): void {
    const into = node(parent);
    const child = node(newChild);
    detach(child);
    const at = refChild === null || refChild === undefined ? -1 : into.children.indexOf(node(refChild));
    into.children.splice(at === -1 ? into.children.length : at, 0, child);
    child.parent = into;
  }
  removeChild(_parent: unknown, oldChild: unknown): void {
    detach(node(oldChild));
  }
  selectRootElement(selectorOrNode: unknown): TextNode {
    return typeof selectorOrNode === 'string' ? new TextNode('element', selectorOrNode) : node(selectorOrNode);
  }
  parentNode(child: unknown): TextNode | null {
    return node(child).parent;
  }
  nextSibling(child: unknown): TextNode | null {
    const { parent } = node(child);
    if (!parent) return null;
    return parent.children[parent.children.indexOf(node(child)) + 1] ?? null;
  }
  setAttribute(el: unknown, name: string, value: string): void {
    node(el).attributes.set(name, value);
  }
  removeAttribute(el: unknown, name: string): void {
    node(el).attributes.delete(name);
  }
  addClass(): void {}
  removeClass(): void {}
  setStyle(): void {}
  removeStyle(): void {}
  setProperty(el: unknown, name: string, value: unknown): void {
    node(el).properties.set(name, value);
  }
  setValue(target: unknown, value: string): void {
    node(target).value = value;
  }
  listen(): () => void {
    return () => undefined;
  }
}

/**
 * Renders Angular components into {@link TextNode}s: real templates, bindings, control flow and
 * change detection, without a DOM. Provide it as `{ provide: RendererFactory2, useValue: new TextRendererFactory() }`.
 */
export class TextRendererFactory implements RendererFactory2 {
  private readonly renderer = new TextRenderer();
  private readonly listeners: Array<() => void> = [];

  createRenderer(): Renderer2 {
    return this.renderer;
  }

  /** Calls `listener` at the end of every change detection pass that rendered (Angular calls `end()`). */
  onRendered(listener: () => void): void {
    this.listeners.push(listener);
  }

  end(): void {
    for (const listener of this.listeners) listener();
  }
}
