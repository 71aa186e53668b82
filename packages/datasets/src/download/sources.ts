/** One file of a dataset as published. */
export interface RemoteFile {
  fileName: string;
  /** Absent for files that cannot be fetched automatically (see `DatasetSource.manualPage`). */
  url?: string;
  /** Published checksums (at least one). */
  md5?: string;
  sha256?: string;
  /** An archive to extract into the dataset directory once verified. */
  extract?: boolean;
  /** For an archive: the directory it extracts to; a person who extracted it by hand may delete the archive. */
  extractsTo?: string;
  /** A file that may be left out (verified when present). */
  optional?: boolean;
}

export interface DatasetSource {
  title: string;
  files: readonly RemoteFile[];
  /** Where a person fetches the files that have no URL. */
  manualPage?: string;
  /** Why those files cannot be fetched automatically. */
  manualReason?: string;
}

const FASHION_MNIST = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com';

/** The official locations and published checksums. */
export const DATASET_SOURCES = {
  'cifar-10': {
    title: 'CIFAR-10 (binary version)',
    files: [
      {
        fileName: 'cifar-10-binary.tar.gz',
        url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
        md5: 'c32a1d4ab5d03f1284b67883e8d87530',
        extract: true,
      },
    ],
  },
  'cifar-100': {
    title: 'CIFAR-100 (binary version)',
    files: [
      {
        fileName: 'cifar-100-binary.tar.gz',
        url: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
        md5: '03b5dce01913d631647c71ecec9e9cb8',
        extract: true,
      },
    ],
  },
  'fashion-mnist': {
    title: 'Fashion-MNIST',
    files: [
      { fileName: 'train-images-idx3-ubyte.gz', md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
      { fileName: 'train-labels-idx1-ubyte.gz', md5: '25c81989df183df01b3e8a0aad5dffbe' },
      { fileName: 't10k-images-idx3-ubyte.gz', md5: 'bef4ecab320f06d8554ea6380940ec79' },
      { fileName: 't10k-labels-idx1-ubyte.gz', md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
    ].map((file) => ({ ...file, url: `${FASHION_MNIST}/${file.fileName}` })),
  },
  celeba: {
    title: 'CelebA (aligned and cropped images)',
    manualPage: 'https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html',
    manualReason:
      'CelebA is hosted on Google Drive and Baidu, whose quota and confirmation pages cannot be passed reliably by a program',
    files: [
      {
        fileName: 'img_align_celeba.zip',
        md5: '00d2c5bc6d35e252742224ab0c1e8fcb',
        extract: true,
        extractsTo: 'img_align_celeba',
      },
      { fileName: 'list_attr_celeba.txt', md5: '75e246fa4810816ffd6ee81facbd244c' },
      { fileName: 'list_eval_partition.txt', md5: 'd32c9cbf5e040fd4025c592c306e6668' },
      { fileName: 'list_bbox_celeba.txt', md5: '00566efa6fedff7a56946cd1c10f1c16', optional: true },
      {
        fileName: 'list_landmarks_align_celeba.txt',
        md5: 'cc24ecafdb5b50baae59b03474781f8c',
        optional: true,
      },
    ],
  },
} satisfies Record<string, DatasetSource>;

export type DatasetId = keyof typeof DATASET_SOURCES;
