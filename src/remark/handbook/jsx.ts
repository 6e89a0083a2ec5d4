import type { MdxJsxFlowElement, MdxJsxTextElement, MdxJsxAttribute } from 'mdast-util-mdx-jsx';

type Attrs = Record<string, string | number | boolean | undefined>;

function attributes(attrs: Attrs): MdxJsxAttribute[] {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([name, v]) => ({ type: 'mdxJsxAttribute', name, value: v === true ? 'true' : String(v) }));
}

/** A block-level JSX element node (`<Name a="b">…</Name>`) with string attributes only. */
export function jsxFlow(
  name: string,
  attrs: Attrs,
  children: MdxJsxFlowElement['children'] = [],
): MdxJsxFlowElement {
  return { type: 'mdxJsxFlowElement', name, attributes: attributes(attrs), children };
}

/** An inline JSX element node. */
export function jsxText(
  name: string,
  attrs: Attrs,
  children: MdxJsxTextElement['children'] = [],
): MdxJsxTextElement {
  return { type: 'mdxJsxTextElement', name, attributes: attributes(attrs), children };
}
