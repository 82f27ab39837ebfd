// The JavaScript client under test of `kubefake conformance client`: an informer from
// @kubernetes/client-node (makeInformer over CoreV1Api.listNamespacedConfigMap), restarted
// 5 s after an error as the client's README shows, speaking the checks' line protocol
// (testing/include/kubefake/testing/conformance/client_checks.h): WRITER, READY, DUMP, UPDATE.
//   KUBECONFIG=... KUBEFAKE_CONFORMANCE_NAMESPACE=ns KUBEFAKE_CONFORMANCE_RESOURCE=configmaps
//     node informer.js
import * as k8s from '@kubernetes/client-node';
import readline from 'node:readline';

const namespace = process.env.KUBEFAKE_CONFORMANCE_NAMESPACE;
if (!namespace || process.env.KUBEFAKE_CONFORMANCE_RESOURCE !== 'configmaps') {
  console.error('set KUBEFAKE_CONFORMANCE_NAMESPACE and KUBEFAKE_CONFORMANCE_RESOURCE=configmaps');
  process.exit(1);
}

const kc = new k8s.KubeConfig();
kc.loadFromDefault();
// client-node refuses a plain-HTTP server unless TLS verification is off for its cluster
// ("HTTP protocol is not allowed when skipTLSVerify is not set or false"); the checks serve
// plain HTTP on 127.0.0.1.
const current = kc.getCurrentCluster();
if (current?.server.startsWith('http://')) {
  kc.clusters = kc.clusters.map((c) => (c.name === current.name ? { ...c, skipTLSVerify: true } : c));
}
const core = kc.makeApiClient(k8s.CoreV1Api);

let listed = false;
const informer = k8s.makeInformer(
  kc,
  `/api/v1/namespaces/${namespace}/configmaps`,
  async () => {
    const list = await core.listNamespacedConfigMap({ namespace });
    listed = true;
    return list;
  },
);

let ready = false;
async function start() {
  await informer.start();
  if (listed && !ready) {
    ready = true;
    console.log('READY');
  }
}
informer.on('error', (err) => {
  console.error('informer error:', err?.message ?? err);
  setTimeout(start, 5000);
});

// Updates `name` from its latest state, retrying on 409 Conflict up to 5 times.
async function touch(name) {
  for (let attempt = 0; ; attempt++) {
    const latest = await core.readNamespacedConfigMap({ name, namespace });
    latest.metadata.annotations = {
      ...latest.metadata.annotations,
      'conformance.kubefake.io/touched': String(attempt),
    };
    try {
      await core.replaceNamespacedConfigMap({ name, namespace, body: latest });
      return;
    } catch (err) {
      if (err?.code !== 409 || attempt >= 4) throw err;
    }
  }
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', async (line) => {
  if (line === 'DUMP') {
    const objects = informer.list(namespace);
    const lines = [`KEYS ${objects.length}`];
    for (const o of objects) {
      lines.push(`${o.metadata.namespace}/${o.metadata.name} ${o.metadata.resourceVersion}`);
    }
    lines.push('END');
    console.log(lines.join('\n'));
  } else if (line.startsWith('UPDATE ')) {
    const name = line.slice('UPDATE '.length).split('/')[1];
    try {
      await touch(name);
      console.log('UPDATED');
    } catch (err) {
      console.log(`UPDATE-FAILED ${err?.message ?? err}`.split('\n')[0]);
    }
  }
});
input.on('close', () => process.exit(0));

console.log('WRITER');
start();
