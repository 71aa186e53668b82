/** @bcos/gradcam/node: what writes files, besides the main entry (which runs in browsers too). */
export { writeOverlayPng } from './overlay/write-overlay-png';
