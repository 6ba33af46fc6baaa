// The CLI's heavy parts (the Kafka client, dockerode, the run loop), loaded only by the commands that use them, so that
// `faultline --help` and checks of stored histories start without them.

export const loadDocker = async () => {
  const [runtime, engine, image] = await Promise.all([
    import('../../runtime/docker/runtime.ts'),
    import('../../runtime/docker/engine.ts'),
    import('../../runtime/docker/image.ts'),
  ]);
  return { dockerRuntime: runtime.dockerRuntime, ensureEngine: engine.ensureEngine, imageExists: image.imageExists };
};

export const loadKafkaCluster = async () => {
  const [cluster, topics, distribution] = await Promise.all([
    import('../../systems/kafka/cluster.ts'),
    import('../../systems/kafka/topics.ts'),
    import('../../systems/kafka/distribution.ts'),
  ]);
  return {
    clusterUp: cluster.clusterUp,
    clusterDown: cluster.clusterDown,
    clusterStatus: cluster.clusterStatus,
    attachCluster: cluster.attachCluster,
    listUserTopics: topics.listUserTopics,
    resolveDistribution: distribution.resolveDistribution,
  };
};
