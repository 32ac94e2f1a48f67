/* Read a photo's EXIF capture time (DateTimeOriginal, with OffsetTimeOriginal when the
 * camera wrote one) BEFORE photo-resize.js draws it through a canvas, which drops every
 * EXIF tag. The time goes with the upload as `exif_taken_at`, for the visit-integrity
 * check of docs/integrity.md. Only JPEG's APP1 segment is read (the first 256 kB). */
(function () {
  "use strict";

  const HEAD_BYTES = 256 * 1024;
  const EXIF_IFD = 0x8769;
  const DATE_TIME_ORIGINAL = 0x9003;
  const OFFSET_TIME_ORIGINAL = 0x9011;

  function ascii(view, offset, length) {
    let text = "";
    for (let i = 0; i < length && offset + i < view.byteLength; i++) {
      const code = view.getUint8(offset + i);
      if (code === 0) break;
      text += String.fromCharCode(code);
    }
    return text;
  }

  /* The entries of the IFD at `ifd` (offsets from the TIFF header at `tiff`). */
  function entries(view, tiff, ifd, little) {
    const found = {};
    const count = view.getUint16(tiff + ifd, little);
    for (let i = 0; i < count; i++) {
      const at = tiff + ifd + 2 + i * 12;
      const tag = view.getUint16(at, little);
      const length = view.getUint32(at + 4, little);
      const value = length > 4 ? view.getUint32(at + 8, little) : at + 8 - tiff;
      found[tag] = { length: length, value: value, raw: view.getUint32(at + 8, little) };
    }
    return found;
  }

  function fromTiff(view, tiff) {
    const little = view.getUint16(tiff) === 0x4949;
    const ifd0 = entries(view, tiff, view.getUint32(tiff + 4, little), little);
    if (!ifd0[EXIF_IFD]) return null;
    const sub = entries(view, tiff, ifd0[EXIF_IFD].raw, little);
    const original = sub[DATE_TIME_ORIGINAL];
    if (!original) return null;
    const when = ascii(view, tiff + original.value, Math.min(original.length, 19));
    if (!/^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d$/.test(when)) return null;
    const offset = sub[OFFSET_TIME_ORIGINAL];
    const zone = offset ? ascii(view, tiff + offset.value, Math.min(offset.length, 6)) : "";
    return /^[+-]\d\d:\d\d$/.test(zone) ? when + zone : when;
  }

  /* "YYYY:MM:DD HH:MM:SS" (+ "+HH:MM"), or null when the file carries no capture time. */
  async function readExifTime(file) {
    try {
      const view = new DataView(await file.slice(0, HEAD_BYTES).arrayBuffer());
      if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null; // not a JPEG
      let at = 2;
      while (at + 4 <= view.byteLength) {
        const marker = view.getUint16(at);
        const length = view.getUint16(at + 2);
        if (marker === 0xffe1 && ascii(view, at + 4, 4) === "Exif") return fromTiff(view, at + 10);
        if (marker === 0xffda || (marker & 0xff00) !== 0xff00) return null; // image data
        at += 2 + length;
      }
    } catch (unreadable) {
      return null; // a broken EXIF is no capture time; the server reads the file too
    }
    return null;
  }

  window.readExifTime = readExifTime;
})();
