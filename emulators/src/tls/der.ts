// The few DER (ASN.1) encoders an X.509 certificate needs. Hand-written because a certificate is
// a handful of nested SEQUENCEs and Node's crypto already does the hard parts (keys, signatures);
// a dependency would add more code than this file.

/** One encoded DER element: tag, length, contents. */
export function encodeElement(tag: number, contents: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(contents.length), contents]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function encodeSequence(...items: Buffer[]): Buffer {
  return encodeElement(0x30, Buffer.concat(items));
}

export function encodeSet(...items: Buffer[]): Buffer {
  return encodeElement(0x31, Buffer.concat(items));
}

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function encodeUnsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return encodeElement(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export function encodeSmallInteger(value: number): Buffer {
  return encodeUnsignedInteger(Buffer.from([value]));
}

export function encodeBoolean(value: boolean): Buffer {
  return encodeElement(0x01, Buffer.from([value ? 0xff : 0x00]));
}

export function encodeNull(): Buffer {
  return Buffer.from([0x05, 0x00]);
}

export function encodeOctetString(contents: Buffer): Buffer {
  return encodeElement(0x04, contents);
}

/** A BIT STRING; `unusedBits` is the number of padding bits in the last byte. */
export function encodeBitString(contents: Buffer, unusedBits = 0): Buffer {
  return encodeElement(0x03, Buffer.concat([Buffer.from([unusedBits]), contents]));
}

export function encodeUtf8String(text: string): Buffer {
  return encodeElement(0x0c, Buffer.from(text, 'utf8'));
}

export function encodeObjectIdentifier(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const base128: number[] = [part & 0x7f];
    for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128)) base128.unshift((n & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return encodeElement(0x06, Buffer.from(bytes));
}

/** UTCTime (YYMMDDHHMMSSZ) for years before 2050, GeneralizedTime after, as RFC 5280 requires. */
export function encodeTime(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return date.getUTCFullYear() < 2050
    ? encodeElement(0x17, Buffer.from(digits.slice(2) + 'Z', 'ascii'))
    : encodeElement(0x18, Buffer.from(digits + 'Z', 'ascii'));
}

/** `[n] EXPLICIT` wrapper around a constructed value. */
export function encodeExplicit(tagNumber: number, inner: Buffer): Buffer {
  return encodeElement(0xa0 | tagNumber, inner);
}

/** `[n] IMPLICIT` primitive value (used by subjectAltName entries and key identifiers). */
export function encodeImplicitPrimitive(tagNumber: number, contents: Buffer): Buffer {
  return encodeElement(0x80 | tagNumber, contents);
}
