/*
 * The xl.cfg tokenizer.
 *
 * Strings follow libxlu's quoting: either quote, no raw newline inside,
 * and the escapes \" \' \\ \n \r \t, \xHH (two hex digits) and \OOO (one
 * to three octal digits); an escape that yields a NUL byte is refused,
 * because values are C strings from here on.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>

#include "xlcfg_lex.h"

void xlcfg_lex_init(struct xlcfg_lexer *lx, const char *file,
                    const char *text, size_t len, char *err, size_t errlen)
{
    memset(lx, 0, sizeof(*lx));
    lx->file = file;
    lx->p = text;
    lx->end = text + len;
    lx->line = 1;
    lx->err = err;
    lx->errlen = errlen;
    if (errlen)
        err[0] = '\0';
}

int xlcfg_error(struct xlcfg_lexer *lx, unsigned int line, const char *fmt, ...)
{
    size_t used;
    va_list ap;

    if (!lx->errlen || lx->err[0])
        return -XEN_EINVAL;     /* keep the first error: it is the cause */
    used = (size_t)snprintf(lx->err, lx->errlen, "%s:%u: ", lx->file, line);
    if (used < lx->errlen) {
        va_start(ap, fmt);
        vsnprintf(lx->err + used, lx->errlen - used, fmt, ap);
        va_end(ap);
    }
    return -XEN_EINVAL;
}

static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || is_digit(c);
}

/* Appends one byte of token text; false (with the error set) when full. */
static bool text_put(struct xlcfg_lexer *lx, char c)
{
    if (lx->text_len + 1 >= sizeof(lx->text)) {
        xlcfg_error(lx, lx->tok_line, "value longer than %u bytes",
                    (unsigned int)sizeof(lx->text) - 1);
        return false;
    }
    lx->text[lx->text_len++] = c;
    lx->text[lx->text_len] = '\0';
    return true;
}

static int digit_value(char c, unsigned int base)
{
    int v = -1;

    if (is_digit(c))
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return v >= 0 && (unsigned int)v < base ? v : -1;
}

/* Decodes \xHH or \OOO (lx->p after the 'x' or at the first octal digit). */
static int lex_numeric_escape(struct xlcfg_lexer *lx, unsigned int base,
                              unsigned int min, unsigned int max, char *out)
{
    unsigned int n = 0, value = 0;
    int d;

    while (n < max && lx->p < lx->end && (d = digit_value(*lx->p, base)) >= 0) {
        value = value * base + (unsigned int)d;
        lx->p++;
        n++;
    }
    if (n < min)
        return xlcfg_error(lx, lx->line,
                           "expected two hex digits after \\x in a string");
    if (value == 0)
        return xlcfg_error(lx, lx->line,
                           "escape for a NUL byte in a string, not allowed");
    if (value > 0xff)
        return xlcfg_error(lx, lx->line, "octal escape 0x%x in a string is "
                           "above 0377", value);
    *out = (char)value;
    return 0;
}

static int lex_escape(struct xlcfg_lexer *lx, char *out)
{
    char c = *lx->p++;

    switch (c) {
    case '"': case '\'': case '\\':
        *out = c;
        return 0;
    case 'n':
        *out = '\n';
        return 0;
    case 'r':
        *out = '\r';
        return 0;
    case 't':
        *out = '\t';
        return 0;
    case 'x':
        return lex_numeric_escape(lx, 16, 2, 2, out);
    }
    if (c >= '0' && c <= '7') {
        lx->p--;
        return lex_numeric_escape(lx, 8, 1, 3, out);
    }
    return xlcfg_error(lx, lx->line, "unknown escape '\\%c' in a string "
                       "(use \\\\ for a backslash)", c);
}

static int lex_string(struct xlcfg_lexer *lx)
{
    char quote = *lx->p++;
    char c;
    int rc;

    lx->tok = TOK_STRING;
    while (lx->p < lx->end && *lx->p != quote && *lx->p != '\n') {
        c = *lx->p++;
        if (c == '\\' && lx->p < lx->end && *lx->p != '\n') {
            rc = lex_escape(lx, &c);
            if (rc)
                return rc;
        } else if (c == '\0') {
            return xlcfg_error(lx, lx->line, "NUL byte in a string");
        }
        if (!text_put(lx, c))
            return -XEN_EINVAL;
    }
    if (lx->p == lx->end || *lx->p != quote)
        return xlcfg_error(lx, lx->tok_line,
                           "expected closing %c (got %s)", quote,
                           lx->p == lx->end ? "end of file" : "end of line");
    lx->p++;
    return 0;
}

/* A NAME or NUMBER: a run of name characters. */
static int lex_word(struct xlcfg_lexer *lx, enum xlcfg_tok tok)
{
    lx->tok = tok;
    while (lx->p < lx->end && is_name_char(*lx->p))
        if (!text_put(lx, *lx->p++))
            return -XEN_EINVAL;
    return 0;
}

/* Skips blanks and a comment; stops at a newline or a token. */
static void skip_space(struct xlcfg_lexer *lx)
{
    while (lx->p < lx->end) {
        if (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r')
            lx->p++;
        else if (*lx->p == '#')
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
        else
            break;
    }
}

static int lex_punct(struct xlcfg_lexer *lx, char c)
{
    static const struct { char c; enum xlcfg_tok tok; } punct[] = {
        { '\n', TOK_NEWLINE }, { ';', TOK_SEMI }, { '=', TOK_EQ },
        { ',', TOK_COMMA }, { '[', TOK_LBRACKET }, { ']', TOK_RBRACKET },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(punct); i++) {
        if (punct[i].c == c) {
            lx->tok = punct[i].tok;
            lx->p++;
            if (c == '\n')
                lx->line++;
            return 0;
        }
    }
    if (c >= ' ' && c < 0x7f)
        return xlcfg_error(lx, lx->line, "unexpected character '%c'", c);
    return xlcfg_error(lx, lx->line, "unexpected byte 0x%02x",
                       (unsigned int)(unsigned char)c);
}

int xlcfg_lex_next(struct xlcfg_lexer *lx)
{
    char c;

    skip_space(lx);
    lx->tok_line = lx->line;
    lx->text_len = 0;
    lx->text[0] = '\0';
    if (lx->p == lx->end) {
        lx->tok = TOK_EOF;
        return 0;
    }
    c = *lx->p;
    if (c == '"' || c == '\'')
        return lex_string(lx);
    if (is_name_start(c))
        return lex_word(lx, TOK_NAME);
    if (is_digit(c))
        return lex_word(lx, TOK_NUMBER);
    return lex_punct(lx, c);
}

void xlcfg_lex_describe(const struct xlcfg_lexer *lx, char *buf, size_t len)
{
    static const char *const fixed[] = {
        [TOK_EOF] = "end of file", [TOK_NEWLINE] = "end of line",
        [TOK_SEMI] = "';'", [TOK_EQ] = "'='", [TOK_COMMA] = "','",
        [TOK_LBRACKET] = "'['", [TOK_RBRACKET] = "']'",
    };

    switch (lx->tok) {
    case TOK_NAME:
        snprintf(buf, len, "name '%.40s'", lx->text);
        break;
    case TOK_STRING:
        snprintf(buf, len, "string \"%.40s\"", lx->text);
        break;
    case TOK_NUMBER:
        snprintf(buf, len, "number %.40s", lx->text);
        break;
    default:
        snprintf(buf, len, "%s", fixed[lx->tok]);
        break;
    }
}
