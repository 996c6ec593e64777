import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Markdown, parseBlocks } from "./markdown";

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe("project description Markdown", () => {
  it("renders the supported subset", () => {
    expect(html("# 活动安排\n\n**周六**上午 *九点*\n集合\n\n- 陪伴老人\n- 打扫卫生\n\n1. 签到\n2. 服务")).toBe(
      '<div class="markdown"><h3>活动安排</h3><p><strong>周六</strong>上午 <em>九点</em><br/>集合</p><ul><li>陪伴老人</li><li>打扫卫生</li></ul><ol><li>签到</li><li>服务</li></ol></div>',
    );
  });

  it("shows raw HTML as text and links only to http(s)", () => {
    const out = html('<script>alert(1)</script> [官网](https://example.cn/a) [坏](javascript:alert(1)) <a href="x" onclick="y">z</a>');
    expect(out).not.toContain("<script>");
    expect(out).not.toContain("<a href=\"x\"");
    expect(out).toContain("&lt;script&gt;");
    expect(out).toContain('<a href="https://example.cn/a" rel="nofollow noopener noreferrer" target="_blank">官网</a>');
    expect(out).toContain("[坏](javascript:alert(1))");
  });

  it("splits blocks on blank lines", () => {
    expect(parseBlocks("a\nb\n\nc").map((b) => b.lines)).toEqual([["a", "b"], ["c"]]);
  });
});
