// fdlibm's e^x (the algorithm of V8's Math.exp, base/ieee754.cc) in JavaScript, for the samplers'
// generated loops: V8 compiles Math.exp to a call into C on every point, and fdlibm's three-way
// argument reduction branches at random on random points. Here the main range has no branch.

const ln2HI = 6.93147180369123816490e-1;
const ln2LO = 1.90821492927058770002e-10;
const invln2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
/** The least double whose high word exceeds fdlibm's 0x3fd62e42 (|x| > ½ ln 2): 0x3fd62e43_00000000. */
const halfLn2 = 0.3465735912322998;
/** fdlibm's tiny bound 2^-28 (high word 0x3e300000). */
const tiny = 3.725290298461914e-9;
/** Below this |x|, k ≥ −1021 and nothing overflows: the cases fdlibm finishes in one way. */
const big = 708;
/** 2^k at index k + 1023, for the k of |x| < {@link big}; products of 2 and ½, so exact. */
const powersOfTwo = new Float64Array(2047);
for (let k = 0, p = 1, q = 1; k <= 1023; k++, p *= 2, q /= 2) {
  powersOfTwo[1023 + k] = p;
  powersOfTwo[1023 - k] = q;
}

/**
 * e^x with the bits of V8's `Math.exp` (fdlibm), as a function the JIT compiles into its caller.
 *
 * fdlibm reduces x to r = x − k·ln 2 in three ways: k = 0 for |x| ≤ ½ ln 2, k = ±1 written out
 * for |x| < 1.5 ln 2, and k = round(x / ln 2) beyond. The middle case computes exactly what the
 * general one does with its k (±1 there), and the first what the general formula gives with k
 * forced to 0 (lo = 0, hi = x, and q/(c − 2) = −q/(2 − c) in IEEE arithmetic), so one branch-free
 * path serves them all; the rare rest (NaN, ±∞, |x| ≥ 708, |x| < 2^-28 and fdlibm's special
 * case x = 1) goes to `Math.exp` itself. JavaScript arithmetic is never fused or reordered, so the
 * result is the same on every platform; it equals `Math.exp` wherever V8's C++ is compiled without
 * contraction (tested on x64: 15 million arguments over every range, bit for bit).
 *
 * @example
 * exp(1); // 2.718281828459045
 * exp(-2.5) === Math.exp(-2.5); // true
 */
export function exp(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < big) || ax < tiny || x === 1) return Math.exp(x);
  let k = (invln2 * x + (x < 0 ? -0.5 : 0.5)) | 0;
  k = ax >= halfLn2 ? k : 0;
  const hi = x - k * ln2HI;
  const lo = k * ln2LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  return (1 - (lo - (r * c) / (2 - c) - hi)) * powersOfTwo[k + 1023]!;
}
