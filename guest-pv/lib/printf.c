/*
 * vsnprintf: the subset of C99's printf the kernel uses (see lib.h).
 */
#include <guest/lib.h>

/* An output cursor that counts every character but stores only those
 * that fit, as C99's snprintf does. */
struct out {
    char *buf;
    size_t size;
    size_t len;
};

/* A parsed conversion specification. */
struct spec {
    bool left;          /* '-' */
    bool zero;          /* '0' */
    unsigned int width;
    int precision;      /* '.N' or '.*' for %s; -1 if absent */
    int longs;          /* number of 'l' (a 'z' counts as one) */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, unsigned int n)
{
    while (n--)
        put(o, c);
}

/* Emits s (len bytes) padded to the spec's width. */
static void put_field(struct out *o, const struct spec *sp, const char *s,
                      size_t len)
{
    unsigned int fill = sp->width > len ? sp->width - len : 0;

    if (!sp->left)
        pad(o, ' ', fill);
    while (len--)
        put(o, *s++);
    if (sp->left)
        pad(o, ' ', fill);
}

static void put_number(struct out *o, const struct spec *sp,
                       unsigned long long v, unsigned int base, bool neg,
                       bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0, len;
    unsigned int fill;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    len = n + neg;
    fill = sp->width > len ? sp->width - len : 0;

    if (!sp->left && !sp->zero)
        pad(o, ' ', fill);
    if (neg)
        put(o, '-');
    if (!sp->left && sp->zero)
        pad(o, '0', fill);
    while (n)
        put(o, tmp[--n]);
    if (sp->left)
        pad(o, ' ', fill);
}

/*
 * Reads flags, width, precision and length modifiers; returns a pointer
 * to the conversion character.
 */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){ .precision = -1 };
    for (;; fmt++) {
        if (*fmt == '-')
            sp->left = true;
        else if (*fmt == '0')
            sp->zero = true;
        else
            break;
    }
    while (*fmt >= '0' && *fmt <= '9')
        sp->width = sp->width * 10 + (unsigned int)(*fmt++ - '0');
    if (*fmt == '.') {
        fmt++;
        sp->precision = 0;
        if (*fmt == '*') {
            sp->precision = va_arg(*ap, int);
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            sp->precision = sp->precision * 10 + (*fmt++ - '0');
    }
    for (; *fmt == 'l' || *fmt == 'z'; fmt++)
        sp->longs++;
    return fmt;
}

static unsigned long long get_unsigned(va_list *ap, int longs)
{
    if (longs >= 2)
        return va_arg(*ap, unsigned long long);
    if (longs == 1)
        return va_arg(*ap, unsigned long);
    return va_arg(*ap, unsigned int);
}

static long long get_signed(va_list *ap, int longs)
{
    if (longs >= 2)
        return va_arg(*ap, long long);
    if (longs == 1)
        return va_arg(*ap, long);
    return va_arg(*ap, int);
}

/* Handles one conversion; returns false for an unknown one. */
static bool convert(struct out *o, struct spec *sp, char conv, va_list *ap)
{
    long long s;
    const char *str;
    char c;

    switch (conv) {
    case 'd':
    case 'i':
        s = get_signed(ap, sp->longs);
        put_number(o, sp, s < 0 ? 0ull - (unsigned long long)s
                                : (unsigned long long)s, 10, s < 0, false);
        return true;
    case 'u':
        put_number(o, sp, get_unsigned(ap, sp->longs), 10, false, false);
        return true;
    case 'x':
    case 'X':
        put_number(o, sp, get_unsigned(ap, sp->longs), 16, false,
                   conv == 'X');
        return true;
    case 'p':
        put(o, '0');
        put(o, 'x');
        put_number(o, sp, (uintptr_t)va_arg(*ap, void *), 16, false, false);
        return true;
    case 's':
        str = va_arg(*ap, const char *);
        if (!str)
            str = "(null)";
        put_field(o, sp, str, sp->precision < 0 ? strlen(str)
                              : strnlen(str, (size_t)sp->precision));
        return true;
    case 'c':
        c = (char)va_arg(*ap, int);
        put_field(o, sp, &c, 1);
        return true;
    case '%':
        put(o, '%');
        return true;
    default:
        return false;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    struct spec sp;
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        const char *start = fmt;

        if (*fmt != '%') {
            put(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp, &args);
        if (!*fmt || !convert(&o, &sp, *fmt, &args)) {
            /* Unknown conversion: print it as written. */
            while (start < fmt)
                put(&o, *start++);
            if (!*fmt)
                break;
            put(&o, *fmt);
        }
        fmt++;
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
