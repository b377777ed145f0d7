/*
 * A small JSON writer for xl list -l: objects and arrays nested up to
 * XL_JSON_DEPTH, four-space indentation as xl's, strings escaped.
 */
#ifndef XL_JSON_H
#define XL_JSON_H

#include "xl_internal.h"

#define XL_JSON_DEPTH 8

struct xl_json {
    struct xl_call *c;
    int depth;
    bool need_comma[XL_JSON_DEPTH];
    bool after_key;             /* a value follows "key": on this line */
};

void xl_json_begin(struct xl_json *j, struct xl_call *c);
/* '{' or '['; as a value after xl_json_key() or as an array element. */
void xl_json_open(struct xl_json *j, char bracket);
void xl_json_close(struct xl_json *j, char bracket);
void xl_json_key(struct xl_json *j, const char *key);
void xl_json_str(struct xl_json *j, const char *key, const char *val);
void xl_json_num(struct xl_json *j, const char *key, uint64_t val);

#endif /* XL_JSON_H */
