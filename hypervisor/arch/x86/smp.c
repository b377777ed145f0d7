/*
 * CPU numbering.  Only the boot CPU runs so far; AP bring-up will live
 * here.
 */
#include <hv/softirq.h>
#include <asm/current.h>

unsigned int smp_processor_id(void)
{
    return get_cpu_info()->cpu_id;
}
