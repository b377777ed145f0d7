/*
 * The COM1 console driver.
 */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

/* Programs COM1 for 'baud' 8n1 (0: keep 115200). */
void serial_init(unsigned int baud);

#endif /* ASM_SERIAL_H */
