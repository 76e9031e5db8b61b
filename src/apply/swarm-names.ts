/** Names swarm gives the services of a stack (shared by the swarm strategy and the backup through a stack service's task). */

/** Swarm's name of a stack's service. */
export const serviceName = (stack: string, service: string): string => `${stack}_${service}`;
