import React, { type ReactNode } from 'react';
import Link from '@docusaurus/Link';
import Layout from '@theme/Layout';
import Heading from '@theme/Heading';
import { usePluginData } from '@docusaurus/useGlobalData';
import type { ScorecardHeadline } from '../plugins/reports/scorecard';

const PATHS: { to: string; title: string; text: string }[] = [
  {
    to: '/docs/incident-now',
    title: 'Something is wrong now',
    text: 'One screen: severity, who to page, the first 15 minutes with their commands, where to go by symptom.',
  },
  {
    to: '/docs/incident-response-playbook',
    title: 'Incident playbook',
    text: 'Investigation by symptom, recovery, communication, reviews and drills.',
  },
  {
    to: '/docs/deployment-runbook',
    title: 'Shipping a release',
    text: 'Pre-deployment checklist, deploy on Render, verification, rollback.',
  },
  {
    to: '/docs/onboarding',
    title: 'New to the team',
    text: 'Your first hour: the sandbox, health and smoke, a report, a drill.',
  },
  {
    to: '/docs/load-testing',
    title: 'Capacity and cost',
    text: 'Load, stress and cost validation against the SLOs.',
  },
];

/**
 * The newest scorecard's one-line state (the reports plugin's global data): whether the
 * brief's promises are kept, beside "Something is wrong now".
 */
function ScorecardState(): ReactNode {
  const { scorecard: s } = usePluginData('handbook-reports') as { scorecard: ScorecardHeadline | null };
  if (!s)
    return (
      <p className="hero__scorecard" data-scorecard-state="none">
        No scorecard is published yet: <code>npx zx runbooks/scorecard.ts --publish</code> judges the brief's
        promises.
      </p>
    );
  return (
    <p className="hero__scorecard" data-scorecard-state={s.environment}>
      <Link to={s.path}>
        Scorecard, {s.environment}
        {s.environment === 'local' ? ' (the sandbox)' : ''}: {s.line}
      </Link>{' '}
      <span className="hero__scorecard-when">
        as of {s.startedAt.slice(0, 10)}
        {s.example ? ', an example committed with the handbook' : ''}
      </span>
    </p>
  );
}

/** The home page: where to go, by situation. */
export default function Home(): ReactNode {
  return (
    <Layout
      title="Home"
      description="Deploy, watch and recover HolisticOS MVP with pages bound to the scripts that run them"
    >
      <main>
        <header className="hero hero--handbook">
          <div className="container">
            <Heading as="h1">HolisticOS Ops Handbook</Heading>
            <p className="hero__subtitle">
              Runbooks you can run: every command is the script's own, every number comes from the config the
              scripts enforce.
            </p>
            {/* The first action is the one needed at 3 a.m. */}
            <div className="hero__actions">
              <Link className="button button--danger button--lg" to="/docs/incident-now" data-first-action="">
                Something is wrong now
              </Link>
              <Link className="button button--secondary button--lg" to="/docs/overview">
                Read the overview
              </Link>
            </div>
            <ScorecardState />
          </div>
        </header>
        <section className="container margin-vert--lg">
          <div className="row">
            {PATHS.map((p) => (
              <div key={p.to} className="col col--3 margin-bottom--md">
                <Heading as="h2" className="h3">
                  <Link to={p.to}>{p.title}</Link>
                </Heading>
                <p>{p.text}</p>
              </div>
            ))}
          </div>
        </section>
      </main>
    </Layout>
  );
}
