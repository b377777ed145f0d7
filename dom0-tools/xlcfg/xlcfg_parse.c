/*
 * The xl.cfg grammar, over the tokens of xlcfg_lex.c:
 *
 *   file    := { NEWLINE | ';' | setting }
 *   setting := NAME '=' value ( NEWLINE | ';' | EOF )
 *   value   := STRING | NUMBER | list
 *   list    := '[' [ value { ',' value } [ ',' ] ] ']'
 *
 * Newlines inside a list are insignificant, so lists may span lines.
 */
#include <abi/xen.h>
#include <xen/errno.h>
#include <hv/lib.h>
#include <tools/env.h>

#include "xlcfg_lex.h"
#include "xlcfg_syntax.h"

static int parse_value(struct xlcfg_lexer *lx, struct xlcfg_value **out,
                       unsigned int depth);

static int expected(struct xlcfg_lexer *lx, const char *what)
{
    char got[64];

    xlcfg_lex_describe(lx, got, sizeof(got));
    return xlcfg_error(lx, lx->tok_line, "expected %s (got %s)", what, got);
}

static int nomem(struct xlcfg_lexer *lx)
{
    if (lx->errlen && !lx->err[0])
        snprintf(lx->err, lx->errlen, "%s: out of memory", lx->file);
    return -XEN_ENOMEM;
}

/* Moves past newlines (inside a list, where they do not end anything). */
static int skip_newlines(struct xlcfg_lexer *lx)
{
    int rc = 0;

    while (!rc && lx->tok == TOK_NEWLINE)
        rc = xlcfg_lex_next(lx);
    return rc;
}

static void value_free(struct xlcfg_value *v)
{
    struct xlcfg_value *next;

    for (; v; v = next) {
        next = v->next;
        value_free(v->items);
        tools_free(v->text);
        tools_free(v);
    }
}

/* The list's elements; lx is at the token after '['. */
static int parse_list_items(struct xlcfg_lexer *lx, struct xlcfg_value *list,
                            unsigned int depth)
{
    struct xlcfg_value **tail = &list->items;
    int rc;

    for (;;) {
        rc = skip_newlines(lx);
        if (rc || lx->tok == TOK_RBRACKET)
            return rc;          /* empty list, or after a trailing comma */
        rc = parse_value(lx, tail, depth + 1);
        if (rc)
            return rc;
        tail = &(*tail)->next;
        list->count++;
        rc = skip_newlines(lx);
        if (rc || lx->tok == TOK_RBRACKET)
            return rc;
        if (lx->tok != TOK_COMMA)
            return expected(lx, "',' or ']' in the list");
        rc = xlcfg_lex_next(lx);
        if (rc)
            return rc;
    }
}

static int parse_value(struct xlcfg_lexer *lx, struct xlcfg_value **out,
                       unsigned int depth)
{
    struct xlcfg_value *v;
    int rc;

    if (lx->tok != TOK_STRING && lx->tok != TOK_NUMBER &&
        lx->tok != TOK_LBRACKET)
        return expected(lx, "a value (a string, a number or a [ list ])");
    if (lx->tok == TOK_LBRACKET && depth >= XLCFG_LIST_DEPTH_MAX)
        return xlcfg_error(lx, lx->tok_line, "lists nested more than %u deep",
                           XLCFG_LIST_DEPTH_MAX);
    v = tools_zalloc(sizeof(*v));
    if (!v)
        return nomem(lx);
    *out = v;
    v->line = lx->tok_line;
    if (lx->tok == TOK_LBRACKET) {
        v->kind = XLCFG_LIST;
        rc = xlcfg_lex_next(lx);
        if (!rc)
            rc = parse_list_items(lx, v, depth);
    } else {
        v->kind = lx->tok == TOK_STRING ? XLCFG_STRING : XLCFG_NUMBER;
        v->text = tools_strndup(lx->text, lx->text_len);
        rc = v->text ? 0 : nomem(lx);
    }
    return rc ? rc : xlcfg_lex_next(lx);
}

/* One KEY = VALUE; lx is at the NAME. */
static int parse_setting(struct xlcfg_lexer *lx, struct xlcfg_setting *s)
{
    char key[64];
    int rc;

    s->line = lx->tok_line;
    snprintf(key, sizeof(key), "%s", lx->text);
    s->key = tools_strndup(lx->text, lx->text_len);
    if (!s->key)
        return nomem(lx);
    rc = xlcfg_lex_next(lx);
    if (rc)
        return rc;
    if (lx->tok != TOK_EQ) {
        char what[96];

        snprintf(what, sizeof(what), "'=' after the key '%s'", key);
        return expected(lx, what);
    }
    rc = xlcfg_lex_next(lx);
    if (!rc)
        rc = parse_value(lx, &s->value, 0);
    if (rc)
        return rc;
    if (lx->tok != TOK_NEWLINE && lx->tok != TOK_SEMI && lx->tok != TOK_EOF)
        return expected(lx, "end of line or ';' after the value");
    return 0;
}

int xlcfg_syntax_parse(struct xlcfg_file *f, const char *name,
                       const char *text, size_t len, char *err, size_t errlen)
{
    struct xlcfg_setting **tail = &f->first;
    struct xlcfg_lexer *lx;
    int rc;

    f->name = name;
    f->first = NULL;
    /* The lexer holds a 4 KiB token buffer: too big for a dom0 stack. */
    lx = tools_zalloc(sizeof(*lx));
    if (!lx) {
        snprintf(err, errlen, "%s: out of memory", name);
        return -XEN_ENOMEM;
    }
    xlcfg_lex_init(lx, name, text, len, err, errlen);
    rc = xlcfg_lex_next(lx);
    while (!rc && lx->tok != TOK_EOF) {
        if (lx->tok == TOK_NEWLINE || lx->tok == TOK_SEMI) {
            rc = xlcfg_lex_next(lx);
            continue;
        }
        if (lx->tok != TOK_NAME) {
            rc = expected(lx, "a key name");
            break;
        }
        *tail = tools_zalloc(sizeof(**tail));
        if (!*tail) {
            rc = nomem(lx);
            break;
        }
        rc = parse_setting(lx, *tail);
        tail = &(*tail)->next;
    }
    tools_free(lx);
    return rc;
}

void xlcfg_file_free(struct xlcfg_file *f)
{
    struct xlcfg_setting *s, *next;

    for (s = f->first; s; s = next) {
        next = s->next;
        value_free(s->value);
        tools_free(s->key);
        tools_free(s);
    }
    f->first = NULL;
}
