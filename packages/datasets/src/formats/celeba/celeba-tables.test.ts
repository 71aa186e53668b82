import { describe, expect, it } from 'vitest';
import { parseCelebaTable, parsePartition } from './celeba-tables';

const ATTRIBUTES = '2\nSmiling Male \n000001.jpg -1  1\n000002.jpg  1 -1\n';
const pm1 = (v: number) => v === 1 || v === -1;

describe('parseCelebaTable', () => {
  it('reads count, column names and rows (values padded with spaces)', () => {
    const table = parseCelebaTable(ATTRIBUTES, 'list_attr_celeba.txt', pm1);
    expect(table.columns).toEqual(['Smiling', 'Male']);
    expect(table.imageIds).toEqual(['000001.jpg', '000002.jpg']);
    expect(Array.from(table.values)).toEqual([-1, 1, 1, -1]);
    expect(table.rowOf.get('000002.jpg')).toBe(1);
  });

  it('drops the image_id column name of the bounding-box file', () => {
    const table = parseCelebaTable(
      '1\r\nimage_id x_1 y_1 width height\r\n000001.jpg 95 71 226 313\r\n',
      'list_bbox_celeba.txt',
    );
    expect(table.columns).toEqual(['x_1', 'y_1', 'width', 'height']);
    expect(Array.from(table.values)).toEqual([95, 71, 226, 313]);
  });

  it('names the file and line of every malformation', () => {
    const cases: Array<[string, string]> = [
      [
        '2\nSmiling Male\n000001.jpg -1\n000002.jpg 1 -1\n',
        'f.txt: line 3: expected 3 columns (file name + 2 values), got 2',
      ],
      [
        '3\nSmiling Male\n000001.jpg -1 1\n000002.jpg 1 -1\n',
        'f.txt: line 1: declares 3 images, the file lists 2',
      ],
      ['x\nSmiling\n', "f.txt: line 1: expected the image count, got 'x'"],
      ['1\n\n000001.jpg 1\n', 'f.txt: line 2: expected the column names'],
      ['2\nMale\n000001.jpg 1\n000001.jpg 1\n', 'f.txt: line 4: 000001.jpg is listed twice'],
      ['1\nMale\n000001.jpg 0\n', "f.txt: line 3: Male of 000001.jpg is '0'"],
      ['1\nMale\n000001.jpg yes\n', "f.txt: line 3: Male of 000001.jpg is 'yes'"],
    ];
    for (const [text, message] of cases) expect(() => parseCelebaTable(text, 'f.txt', pm1)).toThrow(message);
  });
});

describe('parsePartition', () => {
  it('maps file names to train / valid / test with their line', () => {
    const partition = parsePartition('000001.jpg 0\n000002.jpg 2\n000003.jpg 1\n', 'p.txt');
    expect(partition.get('000002.jpg')).toEqual({ split: 'test', line: 2 });
    expect(partition.get('000003.jpg')?.split).toBe('valid');
  });

  it('names a malformed line', () => {
    expect(() => parsePartition('000001.jpg 0\n000002.jpg 3\n', 'p.txt')).toThrow(
      "p.txt: line 2: expected '<file name> <0|1|2>', got '000002.jpg 3'",
    );
    expect(() => parsePartition('000001.jpg\n', 'p.txt')).toThrow(
      "p.txt: line 1: expected '<file name> <0|1|2>'",
    );
  });
});

describe('Kaggle CSV tables', () => {
  it('reads the header and comma-separated rows (CRLF too) into the same table as the txt file', () => {
    const csv = parseCelebaTable(
      'image_id,Smiling,Male\r\n000001.jpg,-1,1\r\n000002.jpg,1,-1\r\n',
      'a.csv',
      pm1,
      'csv',
    );
    const { file: _txtFile, ...txt } = parseCelebaTable(ATTRIBUTES, 'a.txt', pm1);
    const { file, ...rest } = csv;
    expect(file).toBe('a.csv');
    expect(rest).toEqual(txt);
  });

  it('names the file and line of every malformation', () => {
    const cases: Array<[string, string]> = [
      [
        'Smiling,Male\n000001.jpg,-1,1\n',
        "a.csv: line 1: expected the header 'image_id,…', got 'Smiling,Male'",
      ],
      ['image_id\n000001.jpg\n', 'a.csv: line 1: expected the column names'],
      ['image_id,Male\n000001.jpg,1,1\n', 'a.csv: line 2: expected 2 columns (file name + 1 values), got 3'],
      ['image_id,Male\n000001.jpg,1\n000002.jpg,\n', "a.csv: line 3: Male of 000002.jpg is ''"],
    ];
    for (const [text, message] of cases)
      expect(() => parseCelebaTable(text, 'a.csv', pm1, 'csv')).toThrow(message);
  });

  it('reads list_eval_partition.csv after its header', () => {
    const partition = parsePartition('image_id,partition\n000001.jpg,0\n000002.jpg,2\n', 'p.csv', 'csv');
    expect(partition.get('000002.jpg')).toEqual({ split: 'test', line: 3 });
    expect(() => parsePartition('000001.jpg,0\n', 'p.csv', 'csv')).toThrow(
      "p.csv: line 1: expected the header 'image_id,partition', got '000001.jpg,0'",
    );
    expect(() => parsePartition('image_id,partition\n000001.jpg 0\n', 'p.csv', 'csv')).toThrow(
      "p.csv: line 2: expected '<file name>,<0|1|2>', got '000001.jpg 0'",
    );
  });
});
