/*
 * The JSON writer of xl list -l (see xl_json.h).  Every value goes
 * through item_start(), which writes the comma the previous sibling
 * needs and the indentation, so nesting can never leave a stray comma.
 */
#include "xl_json.h"

void xl_json_begin(struct xl_json *j, struct xl_call *c)
{
    memset(j, 0, sizeof(*j));
    j->c = c;
}

static void indent(struct xl_json *j)
{
    static const char spaces[] = "                                ";

    xl_write(j->c, spaces, MIN((size_t)j->depth * 4, sizeof(spaces) - 1));
}

/* Before a key or an element: separator, newline and indentation. */
static void item_start(struct xl_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        xl_write(j->c, j->need_comma[j->depth] ? ",\n" : "\n",
                 j->need_comma[j->depth] ? 2 : 1);
        j->need_comma[j->depth] = true;
    }
    indent(j);
}

void xl_json_open(struct xl_json *j, char bracket)
{
    item_start(j);
    xl_write(j->c, &bracket, 1);
    /* Deeper than the writer tracks would be a bug in a caller here. */
    if (j->depth + 1 < XL_JSON_DEPTH)
        j->depth++;
    j->need_comma[j->depth] = false;
}

void xl_json_close(struct xl_json *j, char bracket)
{
    bool empty = !j->need_comma[j->depth];

    j->depth--;
    if (!empty) {
        xl_write(j->c, "\n", 1);
        indent(j);
    }
    xl_write(j->c, &bracket, 1);
    if (j->depth == 0)
        xl_write(j->c, "\n", 1);
}

/* A string with JSON's escapes; other control bytes as \u00XX. */
static void string(struct xl_json *j, const char *s)
{
    xl_write(j->c, "\"", 1);
    for (; *s; s++) {
        unsigned char ch = *s;

        if (ch == '"' || ch == '\\')
            xl_printf(j->c, "\\%c", ch);
        else if (ch == '\n')
            xl_write(j->c, "\\n", 2);
        else if (ch == '\t')
            xl_write(j->c, "\\t", 2);
        else if (ch < 0x20 || ch == 0x7f)
            xl_printf(j->c, "\\u%04x", ch);
        else
            xl_write(j->c, s, 1);
    }
    xl_write(j->c, "\"", 1);
}

void xl_json_key(struct xl_json *j, const char *key)
{
    item_start(j);
    string(j, key);
    xl_write(j->c, ": ", 2);
    j->after_key = true;
}

void xl_json_str(struct xl_json *j, const char *key, const char *val)
{
    xl_json_key(j, key);
    j->after_key = false;
    string(j, val);
}

void xl_json_num(struct xl_json *j, const char *key, uint64_t val)
{
    xl_json_key(j, key);
    j->after_key = false;
    xl_printf(j->c, "%lu", (unsigned long)val);
}
