/*
 * The CMOS real-time clock (MC146818 compatible), read once at boot for
 * the wall clock.  It keeps calendar time with one-second resolution,
 * in BCD or binary and in 12- or 24-hour form as register B says, and
 * updates all its registers once a second: a read straddling an update
 * could mix two seconds, so reads wait out the update and repeat until
 * two passes agree.
 */
#include <hv/lib.h>
#include <asm/processor.h>
#include <asm/time.h>

#define CMOS_INDEX      0x70    /* bit 7 would mask NMIs: kept clear */
#define CMOS_DATA       0x71

#define RTC_SEC         0x00
#define RTC_MIN         0x02
#define RTC_HOUR        0x04
#define RTC_MDAY        0x07
#define RTC_MON         0x08
#define RTC_YEAR        0x09
#define RTC_REG_A       0x0a
#define RTC_UIP         0x80    /* A: update in progress (< 2 ms) */
#define RTC_REG_B       0x0b
#define RTC_24H         0x02    /* B: 24-hour mode */
#define RTC_BINARY      0x04    /* B: binary, not BCD */
#define RTC_HOUR_PM     0x80    /* hour register, 12-hour mode */

/* Each CMOS access takes about a microsecond: this bounds a wait. */
#define RTC_MAX_POLLS   100000
#define RTC_MAX_PASSES  5

struct rtc_regs {
    uint8_t sec, min, hour, mday, mon, year, b;
};

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

/* Returns false if an update never ended (no RTC answers there). */
static bool wait_no_update(void)
{
    for (unsigned int i = 0; i < RTC_MAX_POLLS; i++)
        if (!(cmos_read(RTC_REG_A) & RTC_UIP))
            return true;
    return false;
}

static void read_regs(struct rtc_regs *r)
{
    r->sec = cmos_read(RTC_SEC);
    r->min = cmos_read(RTC_MIN);
    r->hour = cmos_read(RTC_HOUR);
    r->mday = cmos_read(RTC_MDAY);
    r->mon = cmos_read(RTC_MON);
    r->year = cmos_read(RTC_YEAR);
    r->b = cmos_read(RTC_REG_B);
}

static unsigned int from_bcd(uint8_t v, bool binary)
{
    return binary ? v : (v >> 4) * 10 + (v & 0x0f);
}

static void decode(const struct rtc_regs *r, struct rtc_time *tm)
{
    bool binary = r->b & RTC_BINARY;
    unsigned int hour = from_bcd(r->hour & ~RTC_HOUR_PM, binary);

    /* 12-hour mode counts 12, 1, ..., 11 with a PM flag. */
    if (!(r->b & RTC_24H))
        hour = hour % 12 + ((r->hour & RTC_HOUR_PM) ? 12 : 0);
    tm->hour = hour;
    tm->sec = from_bcd(r->sec, binary);
    tm->min = from_bcd(r->min, binary);
    tm->mday = from_bcd(r->mday, binary);
    tm->mon = from_bcd(r->mon, binary);
    /* No century register without ACPI: Xen's rule, 70-99 are 19xx. */
    tm->year = from_bcd(r->year, binary) + 1900;
    if (tm->year < 1970)
        tm->year += 100;
}

static bool plausible(const struct rtc_time *tm)
{
    return tm->mon >= 1 && tm->mon <= 12 && tm->mday >= 1 &&
           tm->mday <= 31 && tm->hour < 24 && tm->min < 60 && tm->sec < 60;
}

bool rtc_read(struct rtc_time *tm)
{
    struct rtc_regs a, b;

    for (unsigned int pass = 0; pass < RTC_MAX_PASSES; pass++) {
        if (!wait_no_update())
            return false;
        read_regs(&a);
        if (!wait_no_update())
            return false;
        read_regs(&b);
        if (memcmp(&a, &b, sizeof(a)) == 0) {
            decode(&a, tm);
            return plausible(tm);
        }
    }
    return false;
}

static bool is_leap(unsigned int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

uint64_t rtc_mktime(const struct rtc_time *tm)
{
    static const unsigned int days_before[12] = {
        0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
    };
    uint64_t days = 0;

    for (unsigned int y = 1970; y < tm->year; y++)
        days += is_leap(y) ? 366 : 365;
    days += days_before[tm->mon - 1] + tm->mday - 1;
    if (tm->mon > 2 && is_leap(tm->year))
        days++;
    return ((days * 24 + tm->hour) * 60 + tm->min) * 60 + tm->sec;
}
