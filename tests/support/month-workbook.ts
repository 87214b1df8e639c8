import { writeXlsx } from '../../src/main/ingest/xlsx/xlsx-writer';

/**
 * A small workbook of one month's orders (a few rejected rows and a duplicate), so its KPIs differ from the
 * sample's and its run is quick.
 */
export function writeMonthWorkbook(path: string, month: number, rows: number, prefix = 'M'): void {
  const mm = String(month).padStart(2, '0');
  writeXlsx(path, [
    {
      name: 'sales_orders_fact',
      rows: function* () {
        yield [
          'order_id',
          'order_date',
          'customer_id',
          'region',
          'product_id',
          'category',
          'quantity',
          'unit_price',
        ];
        for (let i = 0; i < rows; i++) {
          const price = i % (10 * month) === 7 ? -5 : 10 + (i % (6 + month));
          const quantity = i % (20 * month) === 3 ? 0 : 1 + (i % 4);
          const day = String(1 + (i % 28)).padStart(2, '0');
          const region = ['EMEA', 'APAC', 'AMER'][i % 3] ?? 'EMEA';
          yield [
            `${prefix}${i}`,
            `2026-${mm}-${day}`,
            `C${i % 31}`,
            region,
            `P${i % 11}`,
            'Tools',
            quantity,
            price,
          ];
        }
        yield [`${prefix}5`, `2026-${mm}-06`, 'C5', 'APAC', 'P5', 'Tools', 2, 15];
      },
    },
  ]);
}
