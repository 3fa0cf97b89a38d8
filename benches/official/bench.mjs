// Times URL building with ImageKit's official Node SDK (@imagekit/nodejs v7,
// client.helper.buildSrc). One JSON line per case: median ns/call over ROUNDS
// rounds of ITERS calls each, after a warm-up, plus the URL produced.
import ImageKit from '@imagekit/nodejs';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const ITERS = Number(process.env.ITERS ?? 1_000_000);
const WARMUP = Number(process.env.WARMUP ?? 200_000);

const urlEndpoint = 'https://ik.imagekit.io/test_url_endpoint';
const client = new ImageKit({ privateKey: 'private_key_test' });
const helper = client.helper;

// buildSrc() fills in defaults on the options object it is given (same values
// every time), so each case reuses one prebuilt options object.
const cases = {
  unsigned_path: {
    urlEndpoint,
    src: '/default-image.jpg',
    transformation: [{ height: 300, width: 400 }],
    transformationPosition: 'path',
  },
  signed_expiring: {
    urlEndpoint,
    src: '/default-image.jpg',
    transformation: [{ height: 300, width: 400 }],
    transformationPosition: 'path',
    signed: true,
    expiresIn: 300,
  },
  query_src: {
    urlEndpoint,
    src: 'https://ik.imagekit.io/test_url_endpoint/default-image.jpg',
    transformation: [{ height: 300, width: 400 }],
    transformationPosition: 'query',
  },
  chain_5_steps: {
    urlEndpoint,
    src: '/default-image.jpg',
    transformation: [
      { width: 400, height: 300 },
      { rotation: 90 },
      { sharpen: true },
      { quality: 80, format: 'webp' },
      { radius: 20, background: 'FF0000' },
    ],
    transformationPosition: 'path',
  },
  layer_text: {
    urlEndpoint,
    src: '/default-image.jpg',
    transformation: [
      {
        overlay: {
          type: 'text',
          text: 'Hello World',
          transformation: [{ fontSize: 20, fontColor: 'FF0000' }],
        },
      },
    ],
    transformationPosition: 'path',
  },
};

let sink = 0; // keeps results observable so the calls cannot be optimised away

function timeRound(opts, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += helper.buildSrc(opts).length;
  return Number(process.hrtime.bigint() - t0) / n;
}

for (const [name, opts] of Object.entries(cases)) {
  timeRound(opts, WARMUP);
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) samples.push(timeRound(opts, ITERS));
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  const url = helper.buildSrc(opts);
  console.log(JSON.stringify({ case: name, ns_per_call: Math.round(median * 10) / 10, url }));
}

if (sink === -1) console.log(sink);
