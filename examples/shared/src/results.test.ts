import { describe, expect, it } from 'vitest';
import { describeSplit, splitResult } from './results';

describe('results', () => {
  it('counts the images off the confusion matrix diagonal and names classes', () => {
    const metrics = {
      loss: 0.5,
      accuracy: 0.7,
      perClassAccuracy: [0.75, 0.6666666666666666, null],
      confusion: [
        [3, 1, 0],
        [1, 4, 1],
        [0, 0, 0],
      ],
      count: 10,
    };
    const result = splitResult(metrics, ['cat', 'dog', 'ship']);
    expect(result.misclassified).toBe(3);
    expect(result.perClassAccuracy).toEqual({ cat: 0.75, dog: 0.6666666666666666, ship: null });
    expect(describeSplit('test', result)).toBe('test accuracy 70.00% (3 of 10 misclassified)');
  });
});
