/*
 * Every way into and out of the hypervisor: exceptions, the syscall
 * instruction (hypercalls and guest system calls), and the return to the
 * guest.  Each entry saves a struct cpu_regs (asm/regs.h), hands a pointer
 * to it to one C function, and restores it; the C side never touches
 * registers itself (STYLE practice 2).
 */
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/regs.h>
#include <asm/processor.h>
#include <asm-offsets.h>

/*
 * Push the general registers in struct cpu_regs order: rdi lowest, so the
 * hypercall arguments rdi rsi rdx r10 r8 end up in the ABI's order.
 */
.macro SAVE_ALL
        pushq   %r15
        pushq   %r14
        pushq   %r13
        pushq   %r12
        pushq   %rbp
        pushq   %rbx
        pushq   %r11
        pushq   %rcx
        pushq   %rax
        pushq   %r9
        pushq   %r8
        pushq   %r10
        pushq   %rdx
        pushq   %rsi
        pushq   %rdi
.endm

.macro RESTORE_ALL
        popq    %rdi
        popq    %rsi
        popq    %rdx
        popq    %r10
        popq    %r8
        popq    %r9
        popq    %rax
        popq    %rcx
        popq    %r11
        popq    %rbx
        popq    %rbp
        popq    %r12
        popq    %r13
        popq    %r14
        popq    %r15
.endm

/*
 * A full frame leaves %rsp at 8 mod 16 (see asm_offsets.c), so calls into
 * C drop 8 more bytes to meet the ABI's 16-byte alignment.
 */
.macro CALL_C fn
        movq    %rsp, %rdi
        subq    $8, %rsp
        call    \fn
        addq    $8, %rsp
.endm

/*
 * Exception stubs, one per vector 0-31.  Vectors without a hardware error
 * code push a zero so every frame has the same shape; the vector goes into
 * the upper half of that slot (entry_vector).
 */
.macro EXC_STUB vec
        .balign 16
exc_stub_\vec:
        .if ((X86_EXC_HAVE_EC >> \vec) & 1) == 0
        pushq   $0
        .endif
        movl    $\vec, 4(%rsp)
        jmp     exception_common
.endm

#define ALL_EXCEPTIONS 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19, \
                       20,21,22,23,24,25,26,27,28,29,30,31

        .text
        .irp v, ALL_EXCEPTIONS
        EXC_STUB \v
        .endr

/* Table of stub addresses for the IDT (setup.c). */
        .section .rodata
        .balign 8
        .globl exception_stubs
exception_stubs:
        .irp v, ALL_EXCEPTIONS
        .quad exc_stub_\v
        .endr

/*
 * External interrupt stubs for vectors 32-255, 16 bytes each so setup.c
 * finds vector v at irq_stubs + (v - 32) * 16.  No device interrupt is
 * enabled yet; these catch spurious ones (e.g. from a legacy PIC).
 */
        .text
        .balign 16
        .globl irq_stubs
irq_stubs:
        .set vec, X86_NR_EXCEPTIONS
        .rept 256 - X86_NR_EXCEPTIONS
        .balign 16
        pushq   $0
        movl    $vec, 4(%rsp)
        jmp     exception_common
        .set vec, vec + 1
        .endr

        .text
/*
 * Exceptions: from the guest (ring 3, frame at cpu_info.guest_regs via
 * TSS.rsp0) or from the hypervisor itself (frame on the current stack).
 */
exception_common:
        cld
        SAVE_ALL
        CALL_C  do_exception
        testb   $3, UREGS_cs(%rsp)
        jnz     restore_all_guest
        RESTORE_ALL
        addq    $8, %rsp                /* error code / vector */
        iretq

/*
 * syscall from the guest (kernel: a hypercall; user: a system call for the
 * guest kernel).  The CPU has masked IF/TF/DF/AC/NT (MSR_SYSCALL_MASK) but
 * not switched stacks, and %rsp is the guest's.  KERNEL_GS_BASE holds this
 * CPU's cpu_info: one swapgs pair reaches it without trusting any guest
 * state, and the guest's own GS base is back in place before anything can
 * fault.
 */
.macro SYSCALL_ENTRY name, guest_cs, handler
        .globl \name
\name:
        swapgs
        SYSCALL_FRAME \guest_cs, \handler
.endm

/* The full path, with %gs already the hypervisor's (one swapgs done). */
.macro SYSCALL_FRAME guest_cs, handler
        movq    %rsp, %gs:CPUINFO_syscall_scratch
        movq    %gs:CPUINFO_regs_end, %rsp
        pushq   $__HV_RING3_DS32                /* ss */
        pushq   %gs:CPUINFO_syscall_scratch     /* rsp */
        swapgs
        pushq   %r11                            /* rflags */
        pushq   $\guest_cs                      /* cs */
        pushq   %rcx                            /* rip */
        pushq   $0
        movl    $ENTRY_VECTOR_SYSCALL, 4(%rsp)
        cld
        SAVE_ALL
        CALL_C  \handler
        jmp     restore_all_guest
.endm

/*
 * 64-bit syscall: __HYPERVISOR_xpv_event_mask (the hypercall form of
 * cli/sti, abi/ext.h) takes a path with no register frame; everything
 * else the full one.
 */
        .globl syscall_entry
syscall_entry:
        swapgs
        cmpl    $HC_xpv_event_mask, %eax
        je      event_mask_fast
syscall_entry_full:
        SYSCALL_FRAME __HV_RING3_CS64, pv_syscall_entry

/*
 * xpv_event_mask(mask) without saving the guest's registers: set the
 * vCPU's evtchn_upcall_mask, return the old one (0/1) in %rax, count the
 * hypercall, sysretq.  Interrupts stay off throughout (SFMASK) and the
 * stack is the guest's, so nothing here may fault or use the stack; %rdx
 * is the one scratch register, parked in cpu_info.syscall_scratch.
 * Whatever do_xpv_event_mask() must decide goes to the full path with
 * %rax back to the hypercall number: a bad mask (-EINVAL), a syscall
 * from guest user mode, an unmask with an upcall owed (the return path
 * delivers it), and a return rip that is not canonical (sysretq would
 * fault in ring 0 on the guest's stack: Xen's CVE-2012-0217).
 */
event_mask_fast:
        cmpq    $1, %rdi
        ja      .Lmask_full
        movq    %rdx, %gs:CPUINFO_syscall_scratch
        movq    %rcx, %rdx
        sarq    $47, %rdx
        incq    %rdx                    /* canonical: 0 or 1 now */
        cmpq    $1, %rdx
        ja      .Lmask_full_rdx
        movq    %gs:CPUINFO_curr_vcpu, %rdx
        cmpb    $0, VCPU_kernel_mode(%rdx)
        je      .Lmask_full_rdx
        movq    VCPU_vcpu_info(%rdx), %rax
        testq   %rdi, %rdi
        jnz     1f
        cmpb    $0, VCPUINFO_upcall_pending(%rax)
        jne     .Lmask_full_rdx
1:      movq    VCPU_domain(%rdx), %rdx
        lock incq DOMAIN_stats_event_mask(%rdx)
        movzbl  VCPUINFO_upcall_mask(%rax), %edx
        movb    %dil, VCPUINFO_upcall_mask(%rax)
        xorl    %eax, %eax
        testl   %edx, %edx
        setnz   %al
        movq    %gs:CPUINFO_syscall_scratch, %rdx
        swapgs
        sysretq
.Lmask_full_rdx:
        movq    %gs:CPUINFO_syscall_scratch, %rdx
.Lmask_full:
        movl    $HC_xpv_event_mask, %eax
        jmp     syscall_entry_full

        /* 32-bit (compat-mode) syscall: there are no 32-bit guests here. */
        SYSCALL_ENTRY syscall32_entry, __HV_RING3_CS32, pv_syscall32_entry

/*
 * Return to the guest from the frame at %rsp (cpu_info.guest_regs), after
 * pending softirqs and event delivery (pv/return.c).  The frame was
 * validated by whoever last wrote it (HYPERVISOR_iret, bounce
 * delivery, the domain builder); should iretq fault anyway, the fixup
 * crashes the domain instead of the hypervisor.
 */
        .globl restore_all_guest
restore_all_guest:
        CALL_C  pv_return_to_guest
        RESTORE_ALL
        addq    $8, %rsp
.Liret_to_guest:
        iretq
        .pushsection .ex_table, "a"
        .quad .Liret_to_guest, .Liret_fault
        .popsection
.Liret_fault:
        /*
         * Reached through the fault's fixup with the guest's registers
         * back in place and %rsp where iretq left it, at the frame's rip:
         * the fault's own frame went below, over the saved registers,
         * which are saved again.  pv_iret_fault() bounces the fault to
         * the guest (or crashes the domain), and the return path starts
         * over.
         */
        subq    $8, %rsp                /* error code / vector */
        SAVE_ALL
        CALL_C  pv_iret_fault
        jmp     restore_all_guest

/*
 * reset_stack_and_call(fn): drops every frame on this CPU's stack and calls
 * fn (which must not return) just below struct cpu_info.
 */
        .globl reset_stack_and_call
reset_stack_and_call:
        movq    %rsp, %rax
        orq     $(STACK_SIZE - 1), %rax
        leaq    1 - CPUINFO_sizeof(%rax), %rsp
        andq    $~15, %rsp
        xorl    %ebp, %ebp              /* ends backtraces */
        call    *%rdi
        ud2

/*
 * Leaves the boot stack behind and enters the guest: %rdi = this CPU's
 * guest_regs frame, already filled in.
 */
        .globl reset_stack_and_enter_guest
reset_stack_and_enter_guest:
        movq    %rdi, %rsp
        jmp     restore_all_guest
