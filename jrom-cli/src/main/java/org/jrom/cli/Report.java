package org.jrom.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jrom.io.AtomicFile;

/**
 * A run report built from a few kinds of blocks (headings, paragraphs, tables, a list of facts,
 * images), rendered both as Markdown ({@code report.md}) and as a self-contained HTML page ({@code
 * index.html}) that shows the same content with the images inline. Text may hold Markdown's
 * {@code `code`}, {@code **bold**} and {@code [text](relative link)}.
 */
final class Report {
    /** One block of the report, rendered in both formats. */
    private interface Block {
        void markdown(StringBuilder sb);

        void html(StringBuilder sb);
    }

    private record Heading(String text) implements Block {
        public void markdown(StringBuilder sb) {
            sb.append("## ").append(text).append('\n');
        }

        public void html(StringBuilder sb) {
            sb.append("<h2>").append(escape(text)).append("</h2>\n");
        }
    }

    private record Paragraph(String text) implements Block {
        public void markdown(StringBuilder sb) {
            sb.append(text).append('\n');
        }

        public void html(StringBuilder sb) {
            sb.append("<p>").append(inline(text)).append("</p>\n");
        }
    }

    private record Code(String text) implements Block {
        public void markdown(StringBuilder sb) {
            sb.append("```\n").append(text).append("\n```\n");
        }

        public void html(StringBuilder sb) {
            sb.append("<pre>").append(escape(text)).append("</pre>\n");
        }
    }

    private record Image(String file, String caption) implements Block {
        public void markdown(StringBuilder sb) {
            sb.append("![").append(caption).append("](").append(file).append(")\n");
        }

        public void html(StringBuilder sb) {
            // the picture links to itself at full size (field pictures are wider than the page)
            sb.append("<figure><a href=\"")
                    .append(escape(file))
                    .append("\"><img src=\"")
                    .append(escape(file))
                    .append("\" alt=\"")
                    .append(escape(caption))
                    .append("\"></a><figcaption>")
                    .append(inline(caption))
                    .append("</figcaption></figure>\n");
        }
    }

    private record Table(String[] header, List<String[]> rows) implements Block {
        public void markdown(StringBuilder sb) {
            sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
            sb.append("---|".repeat(header.length)).append('\n');
            for (String[] r : rows) {
                sb.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
        }

        public void html(StringBuilder sb) {
            sb.append("<table>\n<tr>");
            for (String h : header) {
                sb.append("<th>").append(escape(h)).append("</th>");
            }
            sb.append("</tr>\n");
            for (String[] r : rows) {
                sb.append("<tr>");
                for (String c : r) {
                    sb.append(NUMBER.matcher(c).matches() ? "<td class=\"num\">" : "<td>")
                            .append(inline(c))
                            .append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }
    }

    /** Named facts, one a row, the name in bold: the summary at the top. */
    private record Facts(List<String[]> rows) implements Block {
        public void markdown(StringBuilder sb) {
            sb.append("| | |\n|---|---|\n");
            for (String[] r : rows) {
                sb.append("| **").append(r[0]).append("** | ").append(r[1]).append(" |\n");
            }
        }

        public void html(StringBuilder sb) {
            sb.append("<table class=\"facts\">\n");
            for (String[] r : rows) {
                sb.append("<tr><th>")
                        .append(inline(r[0]))
                        .append("</th><td>")
                        .append(inline(r[1]))
                        .append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    Report heading(String text) {
        blocks.add(new Heading(text));
        return this;
    }

    Report paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    Report code(String text) {
        blocks.add(new Code(text));
        return this;
    }

    /** A table; the rows are copied. */
    Report table(String[] header, List<String[]> rows) {
        for (String[] r : rows) {
            if (r.length != header.length) {
                throw new IllegalStateException("row has " + r.length + " cells, header " + header.length);
            }
        }
        blocks.add(new Table(header.clone(), List.copyOf(rows)));
        return this;
    }

    /** Facts as name and value pairs. */
    Report facts(List<String[]> rows) {
        for (String[] r : rows) {
            if (r.length != 2) {
                throw new IllegalStateException("a fact has a name and a value, found " + r.length + " cells");
            }
        }
        blocks.add(new Facts(List.copyOf(rows)));
        return this;
    }

    /** An image next to the report, by its file name. */
    Report image(String file, String caption) {
        blocks.add(new Image(file, caption));
        return this;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n");
        for (Block b : blocks) {
            sb.append('\n');
            b.markdown(sb);
        }
        return sb.toString();
    }

    String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title))
                .append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }\n")
                .append("table { border-collapse: collapse; margin: 1em 0; }\n")
                .append("th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; }\n")
                .append("td { text-align: left; }\n")
                .append("td.num { text-align: right; font-variant-numeric: tabular-nums; }\n")
                .append("th { background: #eee; }\n")
                .append("table.facts th { text-align: left; background: #f4f4f4; }\n")
                .append("table.facts td { text-align: left; }\n")
                .append("img { max-width: 100%; border: 1px solid #ddd; }\n")
                .append("pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; }\n")
                .append("</style>\n</head>\n<body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n");
        for (Block b : blocks) {
            b.html(sb);
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    /** Writes {@code report.md} and {@code index.html} into the directory, each atomically. */
    void write(Path dir) {
        AtomicFile.writeString(dir.resolve("report.md"), markdown());
        AtomicFile.writeString(dir.resolve("index.html"), html());
    }

    /** A number, perhaps with a unit ({@code 1.2e-03}, {@code 56.3 ms}, {@code 1,302x}): right-aligned. */
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?[0-9][0-9,]*(\\.[0-9]+)?(e[-+]?[0-9]+)?( ?[a-z%]{1,2})?|inf|nan|-|");

    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(([^)\\s]+)\\)");

    /**
     * HTML-escaped text with Markdown's {@code `code`} spans as {@code <code>}, and outside them
     * {@code **bold**} as {@code <strong>} and {@code [text](href)} as a link.
     */
    static String inline(String text) {
        String[] parts = escape(text).split("`", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1) {
                sb.append("<code>").append(parts[i]).append(i + 1 < parts.length ? "</code>" : "");
            } else {
                String t = BOLD.matcher(parts[i]).replaceAll("<strong>$1</strong>");
                sb.append(LINK.matcher(t).replaceAll("<a href=\"$2\">$1</a>"));
            }
        }
        if (parts.length % 2 == 0) {
            sb.append("</code>");
        }
        return sb.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
