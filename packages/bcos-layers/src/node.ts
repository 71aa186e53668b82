/** @bcos/layers/node: what writes files, besides the main entry (which runs in browsers too). */
export { writeExplanationPng } from './explain/write-explanation-png';
