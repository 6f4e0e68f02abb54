/**
 * {@code ./entente up --demo}: the sample community of the seeds (Qingdao 2025), loaded once per home
 * through the community, coordination and store services, so the audit log records every step.
 */
package org.entente.demo;
