package dev.warden.web.internal.console;

import org.owasp.encoder.Encode;

/**
 * Encoders for every string that reaches the page. Besides the HTML specials, {@code $} and
 * {@code \} are written as character references: the Web Console runs HTML output through a
 * filter that expands {@code ${name}} and treats {@code \} as an escape, and plugin-supplied text
 * must reach the browser exactly as the plugin sent it.
 */
final class Html {

    private Html() {
    }

    /** For element content. */
    static String text(Object value) {
        return neutralize(Encode.forHtml(value == null ? "" : value.toString()));
    }

    /** For a quoted attribute value. */
    static String attr(Object value) {
        return neutralize(Encode.forHtmlAttribute(value == null ? "" : value.toString()));
    }

    /** For one path segment or query value inside a URL (then placed in an attribute with {@link #attr}). */
    static String uri(Object value) {
        return Encode.forUriComponent(value == null ? "" : value.toString());
    }

    private static String neutralize(String encoded) {
        return encoded.replace("$", "&#36;").replace("\\", "&#92;");
    }
}
