/*
 * vsnprintf(): the subset of C's formatting the hypervisor uses.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%.  Length modifiers hh, h, l, ll
 * and z.  Flags '-' (left-justify), '0' (zero-pad numbers), '#' (0x before
 * non-zero hex), '+' and ' ' (sign of signed numbers).  Width and
 * precision, either may be '*'.  As in C, precision is the maximum length
 * of a %s (so a string need not be terminated within it) and the minimum
 * digit count of a number.
 *
 * Always NUL-terminates when size > 0 and returns the length the whole
 * output would have had, so callers detect truncation with ret >= size.
 * An unknown conversion is copied to the output as written, to show the
 * mistake rather than hide it (the compiler's format checking catches
 * most of them first).
 */
#include <hv/lib.h>

/* Output cursor: bytes past the buffer are counted, not stored. */
struct out {
    char *buf;
    size_t size;
    size_t len;
};

#define F_LEFT   (1U << 0)
#define F_ZERO   (1U << 1)
#define F_ALT    (1U << 2)
#define F_PLUS   (1U << 3)
#define F_SPACE  (1U << 4)

enum length { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z };

struct spec {
    unsigned int flags;
    int width;                  /* 0: none */
    int prec;                   /* -1: none */
    enum length len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_n(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

static void put_str(struct out *o, const char *s, size_t n)
{
    while (n--)
        put(o, *s++);
}

/*
 * Prints 'prefix' (sign or 0x), then 'digits' padded with zeros to 'prec'
 * digits, all justified in the field width.  Zero padding to the width
 * goes between prefix and digits ("-0042"), and C ignores the '0' flag
 * when a precision is given or the output is left-justified.
 */
static void put_field(struct out *o, const struct spec *sp, const char *prefix,
                      const char *digits, int ndigits)
{
    int plen = (int)strlen(prefix);
    int zeros = sp->prec > ndigits ? sp->prec - ndigits : 0;
    int pad = sp->width - plen - zeros - ndigits;

    if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!(sp->flags & F_LEFT))
        put_n(o, ' ', pad);
    put_str(o, prefix, (size_t)plen);
    put_n(o, '0', zeros);
    put_str(o, digits, (size_t)ndigits);
    if (sp->flags & F_LEFT)
        put_n(o, ' ', pad);
}

/* The sign a signed conversion shows: '+' and ' ' are C's flags for it. */
static const char *sign_of(const struct spec *sp, bool negative)
{
    if (negative)
        return "-";
    if (sp->flags & F_PLUS)
        return "+";
    return sp->flags & F_SPACE ? " " : "";
}

static void put_number(struct out *o, const struct spec *sp,
                       unsigned long long v, const char *sign,
                       unsigned int base, bool upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];               /* 2^64 has 20 decimal digits */
    int n = sizeof(tmp);
    const char *prefix = sign;

    if ((sp->flags & F_ALT) && base == 16 && v)
        prefix = upper ? "0X" : "0x";
    /* C: a zero with precision 0 prints no digits at all. */
    if (v || sp->prec != 0) {
        do {
            tmp[--n] = set[v % base];
            v /= base;
        } while (v);
    }
    put_field(o, sp, prefix, tmp + n, (int)sizeof(tmp) - n);
}

static long long arg_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->len) {
    case LEN_HH: return (signed char)va_arg(*ap, int);
    case LEN_H:  return (short)va_arg(*ap, int);
    case LEN_L:  return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    case LEN_Z:  return (long)va_arg(*ap, size_t);  /* ssize_t */
    default:     return va_arg(*ap, int);
    }
}

static unsigned long long arg_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->len) {
    case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_H:  return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_L:  return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    case LEN_Z:  return va_arg(*ap, size_t);
    default:     return va_arg(*ap, unsigned int);
    }
}

static void put_signed(struct out *o, const struct spec *sp, va_list *ap)
{
    long long v = arg_signed(sp, ap);
    /* Negate in unsigned arithmetic: -LLONG_MIN overflows a long long. */
    unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v
                                   : (unsigned long long)v;

    put_number(o, sp, mag, sign_of(sp, v < 0), 10, false);
}

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
    size_t n;
    int pad;

    if (!s)
        s = "(null)";
    n = sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s);
    pad = sp->width > (int)n ? sp->width - (int)n : 0;
    if (!(sp->flags & F_LEFT))
        put_n(o, ' ', pad);
    put_str(o, s, n);
    if (sp->flags & F_LEFT)
        put_n(o, ' ', pad);
}

/* %p: always "0x" and 16 digits, so pointers line up in the log. */
static void put_pointer(struct out *o, const struct spec *sp, const void *p)
{
    struct spec ps = { .flags = sp->flags & F_LEFT, .width = sp->width,
                       .prec = 16 };
    char tmp[16];
    uintptr_t v = (uintptr_t)p;
    int i;

    for (i = 15; i >= 0; i--, v >>= 4)
        tmp[i] = "0123456789abcdef"[v & 0xf];
    put_field(o, &ps, "0x", tmp, 16);
}

/*
 * A decimal field in the format string.  Clamped so that a silly width
 * cannot overflow an int; no real field is anywhere near the clamp.
 */
#define FIELD_MAX 4096

static const char *parse_field(const char *f, int *val)
{
    for (*val = 0; *f >= '0' && *f <= '9'; f++)
        if (*val < FIELD_MAX)
            *val = *val * 10 + (*f - '0');
    if (*val > FIELD_MAX)
        *val = FIELD_MAX;
    return f;
}

/* A '*' field from the arguments, clamped the same way. */
static int star_field(va_list *ap)
{
    int v = va_arg(*ap, int);

    if (v > FIELD_MAX)
        return FIELD_MAX;
    return v < -FIELD_MAX ? -FIELD_MAX : v;
}

static const char *parse_length(const char *f, struct spec *sp)
{
    if (f[0] == 'h' && f[1] == 'h') {
        sp->len = LEN_HH;
        return f + 2;
    }
    if (f[0] == 'l' && f[1] == 'l') {
        sp->len = LEN_LL;
        return f + 2;
    }
    if (*f == 'h')
        sp->len = LEN_H;
    else if (*f == 'l')
        sp->len = LEN_L;
    else if (*f == 'z')
        sp->len = LEN_Z;
    else
        return f;
    return f + 1;
}

static const char *parse_flags(const char *f, struct spec *sp)
{
    for (;; f++) {
        switch (*f) {
        case '-': sp->flags |= F_LEFT;  break;
        case '0': sp->flags |= F_ZERO;  break;
        case '#': sp->flags |= F_ALT;   break;
        case '+': sp->flags |= F_PLUS;  break;
        case ' ': sp->flags |= F_SPACE; break;
        default:  return f;
        }
    }
}

/*
 * Reads the flags, width, precision and length of a conversion and
 * returns the conversion character's position.  As in C, a negative '*'
 * width means '-' and its magnitude; a negative '*' precision means none.
 */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){ .prec = -1, .len = LEN_INT };
    f = parse_flags(f, sp);
    if (*f == '*') {
        sp->width = star_field(ap);
        f++;
    } else {
        f = parse_field(f, &sp->width);
    }
    if (sp->width < 0) {
        sp->flags |= F_LEFT;
        sp->width = -sp->width;
    }
    if (*f == '.') {
        f++;
        if (*f == '*') {
            sp->prec = star_field(ap);
            f++;
        } else {
            f = parse_field(f, &sp->prec);
        }
        if (sp->prec < 0)
            sp->prec = -1;
    }
    return parse_length(f, sp);
}

/* Formats one conversion; false if 'c' is not one we know. */
static bool convert(struct out *o, const struct spec *sp, char c,
                    va_list *ap)
{
    char ch;

    switch (c) {
    case 'd':
    case 'i':
        put_signed(o, sp, ap);
        return true;
    case 'u':
    case 'x':
    case 'X':
        put_number(o, sp, arg_unsigned(sp, ap), "", c == 'u' ? 10 : 16,
                   c == 'X');
        return true;
    case 'p':
        put_pointer(o, sp, va_arg(*ap, void *));
        return true;
    case 's':
        put_string(o, sp, va_arg(*ap, const char *));
        return true;
    case 'c':
        ch = (char)va_arg(*ap, int);
        put_field(o, &(struct spec){ .flags = sp->flags & F_LEFT,
                                     .width = sp->width, .prec = -1 },
                  "", &ch, 1);
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
    struct out o = { .buf = buf, .size = size, .len = 0 };
    struct spec sp;
    const char *start, *f;
    va_list args;

    /* A copy, so helpers can take a pointer to it (portable va_list use). */
    va_copy(args, ap);
    for (f = fmt; *f; f++) {
        if (*f != '%') {
            put(&o, *f);
            continue;
        }
        start = f;
        f = parse_spec(f + 1, &sp, &args);
        if (!convert(&o, &sp, *f, &args)) {
            /* Unknown: copy "%..." as written; stop at the end of fmt. */
            put_str(&o, start, (size_t)(f - start) + (*f != '\0'));
            if (!*f)
                break;
        }
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
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
