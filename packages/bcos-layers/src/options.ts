/** How errors name a layer: `BcosConv2d 'conv1'` (the owner of @bcos/backend's argument checks). */
export function layerOwner(className: string, name: string): string {
  return `${className} '${name}'`;
}
