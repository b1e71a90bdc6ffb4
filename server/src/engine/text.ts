/**
 * Text normalisation shared by every keyword match in the engine. Answers and content terms go through the same
 * function, so a term written once in `content/` matches all the spellings users type (case, full-width forms,
 * Traditional Chinese, hyphen/slash/space variants, any number in place of `#`).
 */
import { TRADITIONAL_SIMPLIFIED_PAIRS } from './zhFold.generated';

// Traditional → Simplified as a flat table over the BMP (128 KB; 0 = no folding): one array read per character.
const FOLD = new Uint16Array(0x10000);
for (let i = 0; i + 1 < TRADITIONAL_SIMPLIFIED_PAIRS.length; i += 2) {
  FOLD[TRADITIONAL_SIMPLIFIED_PAIRS.charCodeAt(i)] = TRADITIONAL_SIMPLIFIED_PAIRS.charCodeAt(i + 1);
}

// A dropped separator never becomes a space before closing punctuation: "**Labels**:" reads "labels:".
const NO_SPACE_BEFORE = new Set([10, 37, 58, 44, 46, 59, 41, 33, 63]);

/**
 * Taiwan/Hong Kong wording → mainland wording, applied after the per-character fold. Only pairs of equal length, so
 * the offset map stays valid; content terms go through the same fold, so one Simplified term matches both.
 */
const REGIONAL_PHRASES: [string, string][] = [
  ['资料', '数据'], ['推论', '推理'], ['资讯', '信息'], ['维运', '运维'], ['品质', '质量'], ['侦测', '检测'],
  ['即时', '实时'], ['批次', '批量'], ['快取', '缓存'], ['稽核', '审计'], ['丛集', '集群'], ['伺服器', '服务器'],
  ['网路', '网络'], ['软体', '软件'], ['程式', '程序'], ['回馈', '反馈'], ['预设', '默认'], ['存取', '访问'],
  ['档案', '文件'], ['数位', '数字'], ['讯息', '消息'], ['影像', '图像'], ['视讯', '视频'], ['串流', '流式'],
  ['警报', '告警'], ['门槛', '阈值'], ['偏误', '偏差'], ['模型登录', '模型注册'], ['登录表', '注册表'],
  ['异动', '变动'], ['效能', '性能'],
].filter(([a, b]) => a !== b && a.length === b.length) as [string, string][];
// First character → the phrases starting with it (as code units), for an in-place pass over the output buffer.
const REGIONAL_BY_FIRST = new Map<number, { from: number[]; to: number[] }[]>();
const REGIONAL_FIRST = new Uint8Array(0x10000);
for (const [from, to] of REGIONAL_PHRASES.sort((a, b) => b[0].length - a[0].length)) {
  const first = from.charCodeAt(0);
  const list = REGIONAL_BY_FIRST.get(first) ?? [];
  list.push({ from: [...from].map((c) => c.charCodeAt(0)), to: [...to].map((c) => c.charCodeAt(0)) });
  REGIONAL_BY_FIRST.set(first, list);
  REGIONAL_FIRST[first] = 1;
}

/** Rewrites regional phrases in place (same length, so offsets stay valid). */
function foldRegionalPhrases(out: Uint16Array, len: number): void {
  for (let i = 0; i < len; i++) {
    if (REGIONAL_FIRST[out[i]] === 0) continue;
    const candidates = REGIONAL_BY_FIRST.get(out[i]);
    if (!candidates) continue;
    for (const { from, to } of candidates) {
      if (i + from.length > len) continue;
      let same = true;
      for (let k = 1; k < from.length && same; k++) same = out[i + k] === from[k];
      if (!same) continue;
      for (let k = 0; k < to.length; k++) out[i + k] = to[k];
      i += from.length - 1;
      break;
    }
  }
}

/** Placeholder that stands for any number after normalisation. */
export const NUMBER_MARK = '#';

const MAGNITUDE_WORDS = ['million', 'billion', 'trillion', 'thousand', 'bn', 'mm', 'k', 'm', 'b', 'w'];
const MAGNITUDE_CJK = ['千万', '百万', '万', '亿', '千'];
const MAGNITUDE_CJK_FIRST = new Set(MAGNITUDE_CJK.map((w) => w.charCodeAt(0)));

/** True for CJK ideographs and CJK punctuation, where no spaces separate words. */
export function isCjk(code: number): boolean {
  return (
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff00 && code <= 0xffef)
  );
}

/** True for the characters that make up an ASCII word after normalisation (letters, digits, the number mark). */
export function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 35;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function foldCode(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  if (code >= 0xff01 && code <= 0xff5e) {
    // Full-width ASCII forms: fold, then lower-case letters.
    const ascii = code - 0xfee0;
    return ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii;
  }
  if (code === 0x3000 || code === 0xa0) return 32;
  if (code === 0x2018 || code === 0x2019) return 39;
  if (code === 0x201c || code === 0x201d) return 34;
  if (code === 0x2010 || code === 0x2011 || code === 0x2013 || code === 0x2014) return 45;
  const folded = FOLD[code];
  if (folded !== 0) return folded;
  if (code < 0x250) return String.fromCharCode(code).toLowerCase().charCodeAt(0);
  return code;
}

// Emphasis and code markers (`*`, `_`, backtick, `~`) separate words too, so "**batch** scoring" reads "batch scoring".
function isSeparator(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 45 || code === 95 || code === 47 || code === 12 || code === 42 || code === 96 || code === 126;
}

/** Result of {@link normalize}: the normalised text and, when asked for, the source offset of every output unit. */
export interface NormalizedText {
  text: string;
  /** `map[i]` is the offset in the input of output unit `i` (only when requested). */
  map?: number[];
}

/** Reused output buffer of {@link normalize} (kept only while it stays at most 2 MB). */
const SCRATCH_MAX = 1 << 20;
let scratch = new Uint16Array(1 << 14);

/**
 * Normalises text for matching: lower case, full-width folded, Traditional Chinese folded to Simplified, `-` `_` `/`
 * and white space collapsed to one space (dropped next to Chinese), every number replaced by `#`. Newlines are kept
 * because they end sentences. Runs in one linear pass.
 */
export function normalize(input: string, withMap = false): NormalizedText {
  const n = input.length;
  // Output units are written into a reused UTF-16 buffer. A one-digit number glued to a letter becomes two units
  // ("5ms" → "# ms") and no input unit yields more, so 2n + 1 units always suffice.
  let out = scratch;
  if (out.length < 2 * n + 1) {
    out = new Uint16Array(2 * n + 1);
    if (out.length <= SCRATCH_MAX) scratch = out;
  }
  let len = 0;
  const map: number[] | undefined = withMap ? [] : undefined;
  let pendingSpace = false;
  let pendingAt = 0;
  let sawCjk = false;
  let i = 0;
  while (i < n) {
    const at = i;
    const raw = input.charCodeAt(i);
    let code: number;
    let number = false;
    if (raw === 10) {
      i++;
      if (continuesParagraph(input, i)) {
        // A soft-wrapped line continues the sentence: phrases may span the break.
        if (!pendingSpace) pendingAt = at;
        pendingSpace = true;
        continue;
      }
      pendingSpace = false;
      code = 10;
    } else {
      if (raw < 128) code = raw >= 65 && raw <= 90 ? raw + 32 : raw;
      else {
        // Off the ASCII path: note Chinese text, which the regional-phrase pass below needs.
        if (raw >= 0x3400) sawCjk = true;
        code = foldCode(raw);
      }
      if (isSeparator(code)) {
        if (!pendingSpace) pendingAt = at;
        pendingSpace = true;
        i++;
        continue;
      }
      if (isDigit(code)) {
        const last = len > 0 ? out[len - 1] : 32;
        const glued = !pendingSpace && isWordCode(last) && last !== 35;
        if (!glued) {
          // Always advance, whatever scanNumber makes of the digit.
          i = Math.max(scanNumber(input, i), i + 1);
          code = 35;
          number = true;
        } else i++;
      } else i++;
    }
    if (pendingSpace) {
      pendingSpace = false;
      const last = len > 0 ? out[len - 1] : 10;
      if (last !== 10 && last !== 32 && !isCjk(last) && !isCjk(code) && !NO_SPACE_BEFORE.has(code)) {
        out[len++] = 32;
        map?.push(pendingAt);
      }
    }
    out[len++] = code;
    map?.push(at);
    if (number && i < n && isAsciiLetter(input.charCodeAt(i))) {
      pendingSpace = true;
      pendingAt = i;
    }
  }
  if (sawCjk) foldRegionalPhrases(out, len);
  return { text: fromCodes(out, len), map };
}

const UTF16 = new TextDecoder('utf-16le');

/** The string of the first `length` code units. */
function fromCodes(codes: Uint16Array, length: number): string {
  // Short strings: fromCharCode is cheapest. Longer ones: the decoder copies the buffer in one go (several times
  // faster, and no argument-count limit); a lone surrogate becomes U+FFFD, still one unit, so offsets are unchanged.
  if (length <= 64) return String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[]);
  return UTF16.decode(new Uint8Array(codes.buffer, codes.byteOffset, length * 2));
}

/** True when the line starting at `start` continues the previous line's paragraph (not blank, no block marker). */
function continuesParagraph(input: string, start: number): boolean {
  let i = start;
  while (i < input.length && (input.charCodeAt(i) === 32 || input.charCodeAt(i) === 9)) i++;
  if (i >= input.length) return false;
  const c = input.charCodeAt(i);
  // \n \r - * + # | > ` ~
  if (c === 10 || c === 13 || c === 45 || c === 42 || c === 43 || c === 35 || c === 124 || c === 62 || c === 96 || c === 126) return false;
  if (isDigit(c)) {
    let j = i;
    while (j < input.length && isDigit(input.charCodeAt(j))) j++;
    const after = input.charCodeAt(j);
    // "1. item" / "2) item" start a list; "0.25 on two inputs" continues the sentence.
    const next = j + 1 < input.length ? input.charCodeAt(j + 1) : 32;
    if ((after === 46 || after === 41) && (next === 32 || next === 9 || next === 10 || next === 13)) return false;
  }
  return true;
}

/** An ASCII or a full-width digit (full-width digits fold to ASCII ones, so a number may be written with either). */
function isNumeral(code: number): boolean {
  return isDigit(code) || (code >= 0xff10 && code <= 0xff19);
}

/** Returns the index just past the number (with separators and a magnitude word) starting at `start`. */
function scanNumber(input: string, start: number): number {
  const n = input.length;
  let i = start;
  while (i < n && isNumeral(input.charCodeAt(i))) i++;
  while (i + 1 < n && (input[i] === '.' || input[i] === ',') && isNumeral(input.charCodeAt(i + 1))) {
    i++;
    while (i < n && isNumeral(input.charCodeAt(i))) i++;
  }
  let j = i;
  while (j < n && input.charCodeAt(j) === 32) j++;
  // Fast path: most numbers are followed by something that cannot start a magnitude word (m b t k w, or the
  // Kelvin sign, which lower-cases to k; or the first character of a Chinese magnitude).
  const ahead = input.charCodeAt(j);
  const lower = ahead | 0x20;
  if (lower !== 0x6d && lower !== 0x62 && lower !== 0x74 && lower !== 0x6b && lower !== 0x77 && ahead !== 0x212a && !MAGNITUDE_CJK_FIRST.has(ahead)) {
    return i;
  }
  for (const word of MAGNITUDE_CJK) {
    if (input.startsWith(word, j)) return j + word.length;
  }
  const lowerAhead = input.slice(j, j + 9).toLowerCase();
  for (const word of MAGNITUDE_WORDS) {
    if (lowerAhead.startsWith(word)) {
      const after = j + word.length;
      if (after >= n || !isAsciiLetter(input.charCodeAt(after))) {
        // A single-letter magnitude must be glued to the number ("10k", not "10 k users" → "k users").
        if (word.length === 1 && j !== i) return i;
        return after;
      }
    }
  }
  return i;
}

/** Counts words the way a reader would: ASCII words plus one per two Chinese characters. */
export function countWords(text: string, enough = Number.POSITIVE_INFINITY): number {
  let words = 0;
  let cjk = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    // Callers that only need "at least N words" stop reading once they have them.
    if (words + (cjk >> 1) >= enough) break;
    const code = text.charCodeAt(i);
    if (isCjk(code) && !(code >= 0x3000 && code <= 0x303f) && !(code >= 0xff00 && code <= 0xffef)) {
      cjk++;
      inWord = false;
    } else if (isAsciiLetter(code) || isDigit(code) || code > 0x250) {
      if (!inWord) words++;
      inWord = true;
    } else {
      inWord = false;
    }
  }
  return words + Math.ceil(cjk / 2);
}

const PLACEHOLDER =
  /\b(?:todo|tbd|tba|tbc|fixme|xxx|wip|n\/a|coming soon|later|to follow|to be (?:done|written|added|decided|defined|filled in))\b|待补充|待完成|待定|未完成|后续再考虑|后续再补|后续补充|后续再说|以后再说|后面再说|稍后补充|暂无|暂略|待续|待補充|後續再考慮|以後再說|之后再说|之后再补|之後再說|之後再補|再补|再補|待补|之后补充|暂不需要|之后再看|上线后再看|一段时间再看|not needed yet|not needed for now/gi;
const MIN_WORDS = 4;
const FAST_WORDS = 30;

// A placeholder marks the section as unfinished unless real prose sits beside it ("TBD — after the infra review").
const MIN_WORDS_WITH_PLACEHOLDER = 12;

/** True when the text holds at least a short sentence of real content once placeholders are removed. */
export function hasRealContent(text: string): boolean {
  // Fast path: thirty words in the first lines are real content whatever placeholders sit among them.
  if (countWords(text.slice(0, 400), FAST_WORDS) >= FAST_WORDS) return true;
  // A dozen words decide it; reading the start of the section is enough however long it is.
  text = text.slice(0, 2000);
  const stripped = text.replace(PLACEHOLDER, ' ');
  const words = countWords(stripped, MIN_WORDS_WITH_PLACEHOLDER);
  return stripped === text ? words >= MIN_WORDS : words >= MIN_WORDS_WITH_PLACEHOLDER;
}
