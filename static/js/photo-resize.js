/* Downscale big photos in the browser before they are queued: a 12 MP camera JPEG is 4-8 MB
 * of mobile data, its 2048 px version a few hundred kB. The server re-checks everything
 * (type by content, size, pixels), so a file this cannot decode is sent as it is and the
 * server answers with a clear error. */
(function () {
  "use strict";

  const MAX_SIDE = 2048;
  const QUALITY = 0.85;
  // Under this size a photo that already fits is sent untouched (keeping its capture time).
  const KEEP_BYTES = 3 * 1024 * 1024;

  function toBlob(canvas) {
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); });
  }

  async function resizePhoto(file) {
    let bitmap;
    try {
      // from-image applies the EXIF orientation, so the pixels drawn are upright.
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (undecodable) {
      return file;
    }
    const longest = Math.max(bitmap.width, bitmap.height);
    if (longest <= MAX_SIDE && file.size <= KEEP_BYTES) {
      bitmap.close();
      return file;
    }
    const scale = Math.min(1, MAX_SIDE / longest);
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return (await toBlob(canvas)) || file;
  }

  window.resizePhoto = resizePhoto;
})();
