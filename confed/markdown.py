"""Rich text the secretariat writes in the admin: Markdown (Python-Markdown), made
safe by nh3 (the Rust sanitiser ammonia) before it reaches a page.

Markdown lets HTML through, so whatever it makes is sanitised: only the tags and
attributes below survive; scripts, styles, event handlers, `javascript:` links and
raw iframes are dropped. Links leave with rel="noopener noreferrer". No code of our
own parses HTML: both steps are libraries kept by others."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h3",
    "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "small", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"scope"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A page has its h1 and a section its h2: the text's headings begin at h3 (toc's
# baselevel). Not "extra": its attr_list would let a writer set any id or class, and
# its footnotes link to ids the sanitiser drops.
EXTENSIONS = ["abbr", "def_list", "fenced_code", "tables", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"baselevel": 3, "permalink": False}}


def render(text: str, *, id_prefix: str = "md-") -> SafeString:
    """The HTML of this Markdown, sanitised; "" for no text. Each id a heading gets is
    prefixed, so that no two texts on a page, nor a text and the page, share one."""
    if not text.strip():
        return mark_safe("")
    html = markdown.markdown(
        text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        id_prefix=id_prefix,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 above
