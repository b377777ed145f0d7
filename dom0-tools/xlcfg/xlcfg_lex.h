/*
 * xl.cfg tokens (internal to dom0-tools/xlcfg).
 */
#ifndef XLCFG_LEX_H
#define XLCFG_LEX_H

#include <hv/types.h>

#define XLCFG_TEXT_MAX 4096     /* longest NAME, NUMBER or decoded STRING */

enum xlcfg_tok {
    TOK_EOF,
    TOK_NEWLINE,
    TOK_SEMI,
    TOK_EQ,
    TOK_COMMA,
    TOK_LBRACKET,
    TOK_RBRACKET,
    TOK_NAME,                   /* [A-Za-z_][A-Za-z0-9_]* */
    TOK_STRING,                 /* text holds the decoded bytes */
    TOK_NUMBER,                 /* text as written; converted by its user */
};

struct xlcfg_lexer {
    const char *file;           /* for messages */
    const char *p, *end;        /* the rest of the input */
    unsigned int line;          /* of p */
    enum xlcfg_tok tok;         /* the current token ... */
    unsigned int tok_line;      /* ... and the line it starts on */
    char text[XLCFG_TEXT_MAX];  /* NAME/STRING/NUMBER text, NUL-terminated */
    size_t text_len;
    char *err;                  /* where the first error message goes */
    size_t errlen;
};

void xlcfg_lex_init(struct xlcfg_lexer *lx, const char *file,
                    const char *text, size_t len, char *err, size_t errlen);

/* Moves to the next token.  Returns 0, or -XEN_EINVAL with lx->err set. */
int xlcfg_lex_next(struct xlcfg_lexer *lx);

/* Describes the current token for a "(got ...)" in a message. */
void xlcfg_lex_describe(const struct xlcfg_lexer *lx, char *buf, size_t len);

/*
 * Writes "FILE:LINE: <message>" to lx->err (when no error is there yet)
 * and returns -XEN_EINVAL.
 */
__printf(3, 4)
int xlcfg_error(struct xlcfg_lexer *lx, unsigned int line,
                const char *fmt, ...);

#endif /* XLCFG_LEX_H */
