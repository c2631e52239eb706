import { createCanvas, loadImage } from 'canvas';

/**
 * A PNG decoded by node-canvas (libpng, independent of how the picture was drawn): its size and
 * the colour of a pixel as `0xRRGGBB`, coordinates rounded down to whole device pixels.
 */
export async function decodePng(bytes: Uint8Array) {
  const signature = String.fromCharCode(...bytes.subarray(1, 4));
  if (signature !== 'PNG') throw new Error(`not a PNG: it starts with ${signature}`);
  const image = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const pixel = (x: number, y: number) => {
    const i = (Math.floor(y) * image.width + Math.floor(x)) * 4;
    return (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
  };
  return { width: image.width, height: image.height, pixel };
}
