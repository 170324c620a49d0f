import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../diagnostics.ts';
import type { GroupsFile } from './parse-groups.ts';
import { parseGroups } from './parse-groups.ts';
import { parseOwnersUrl, parseRepositoryPath } from './repository-path.ts';

function parsed(text: string, file = 'groups.yaml'): GroupsFile {
  const result = parseGroups(text, file);
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.value;
}

function problems(text: string, file = 'groups.yaml'): string[] {
  const result = parseGroups(text, file);
  if (result.ok) throw new Error('expected diagnostics');
  return result.diagnostics.map(formatDiagnostic);
}

// An excerpt in the shape of kubernetes/community's sigs.yaml, with the keys rungs passes over.
const SIGS_YAML = `sigs:
- dir: sig-node
  name: Node
  mission_statement: >
    Covers the kubelet.
  charter_link: charter.md
  label: node
  leadership:
    chairs:
    - github: alice
      name: Alice
      company: Example
  meetings:
  - description: Regular SIG Meeting
    day: Tuesday
    time: "10:00"
  contact:
    slack: sig-node
  subprojects:
  - name: kubelet
    description: The node agent
    owners:
    - https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/OWNERS
    - https://raw.githubusercontent.com/kubernetes/kubernetes/master/cmd/kubelet/OWNERS
  - name: node-problem-detector
    owners:
    - https://raw.githubusercontent.com/kubernetes/node-problem-detector/master/OWNERS
- dir: sig-docs
  name: Docs
  subprojects:
  - name: kubernetes-blog
    owners:
    - https://github.com/kubernetes/website/blob/main/content/en/blog/OWNERS
workinggroups:
- dir: wg-batch
  name: Batch
  subprojects:
  - name: kubelet
    owners:
    - https://raw.githubusercontent.com/Kubernetes-SIGs/Kueue/main/OWNERS
committees:
- dir: committee-steering
  name: Steering Committee
usergroups: []
`;

describe('parseGroups: the rungs format', () => {
  test('reads groups with their repositories, directories and parents', () => {
    const file = parsed(`groups:
  - id: sig-docs
    name: SIG Docs
    kind: sig
    repos: [Acme/Website, acme/docs/content/en]
  - id: blog
    name: Blog
    kind: subproject
    parent: sig-docs
    repos: [acme/website/content/en/blog/]
  - { id: steering, name: Steering, kind: committee }
`);
    expect(file.format).toBe('rungs');
    expect(file.groups).toEqual([
      {
        id: 'sig-docs',
        name: 'SIG Docs',
        kind: 'sig',
        parent: null,
        repos: ['acme/docs', 'acme/website'],
        directories: ['acme/docs/content/en'],
      },
      {
        id: 'blog',
        name: 'Blog',
        kind: 'subproject',
        parent: 'sig-docs',
        repos: ['acme/website'],
        directories: ['acme/website/content/en/blog'],
      },
      { id: 'steering', name: 'Steering', kind: 'committee', parent: null, repos: [], directories: [] },
    ]);
  });

  test('reports every problem at once, located by line, column and key path', () => {
    expect(
      problems(`groups:
  - id: Sig Docs
    name: Docs
    kind: sig
    repo: [acme/website]
  - id: sig-docs
    name: Docs
    kind: sig
    repos: [acme, "acme/web site"]
  - id: sig-docs
    name: Again
    kind: sig
  - id: blog
    name: Blog
    kind: subproject
    parent: sig-doc
`),
    ).toEqual([
      'groups.yaml:2:9 groups[0].id: expected an id of lower-case letters, digits, ., _ and - (e.g. sig-docs)',
      'groups.yaml:5:5 groups[0].repo: unknown key "repo"; did you mean "repos"?',
      'groups.yaml:9:13 groups[1].repos[0]: expected a repository (owner/name) or a directory in one (owner/name/path), got "acme"',
      'groups.yaml:9:19 groups[1].repos[1]: expected a repository (owner/name) or a directory in one (owner/name/path), got "acme/web site"',
      'groups.yaml:10:9 groups[2].id: group "sig-docs" is declared twice (first as groups[1])',
      'groups.yaml:16:13 groups[3].parent: no group "sig-doc" is declared',
    ]);
  });

  test('a missing key is located at the map it is missing from', () => {
    expect(problems('groups:\n  - { id: a, kind: sig }\n')).toEqual([
      'groups.yaml:2:5 groups[0].name: missing required key "name"',
    ]);
  });

  test('parents that go round in a circle are an error', () => {
    expect(
      problems(`groups:
  - { id: a, name: A, kind: sig, parent: b }
  - { id: b, name: B, kind: sig, parent: a }
`),
    ).toEqual([
      'groups.yaml:2:42 groups[0].parent: parents go round in a circle: a → b → a',
      'groups.yaml:3:42 groups[1].parent: parents go round in a circle: b → a → b',
    ]);
  });

  test('a YAML syntax error is located where the parser found it', () => {
    const [problem] = problems('groups:\n  - id: a\n   name: [\n');
    expect(problem).toMatch(/^groups\.yaml:3:\d+ /);
  });

  test('a file in neither format says what it expected', () => {
    expect(problems('teams: []\n')).toEqual([
      'groups.yaml:1:1 expected a rungs groups file (groups: [...]) or a Kubernetes sigs.yaml (sigs, workinggroups, committees, usergroups); found "teams"',
    ]);
    expect(problems('')).toHaveLength(1);
  });
});

describe('parseGroups: Kubernetes sigs.yaml', () => {
  test('makes a group of each SIG, working group and committee, and of each subproject', () => {
    const file = parsed(SIGS_YAML, 'sigs.yaml');
    expect(file.format).toBe('sigs.yaml');
    expect(file.groups.map((group) => [group.id, group.kind, group.parent])).toEqual([
      ['sig-node', 'sig', null],
      ['kubelet', 'subproject', 'sig-node'],
      ['node-problem-detector', 'subproject', 'sig-node'],
      ['sig-docs', 'sig', null],
      ['kubernetes-blog', 'subproject', 'sig-docs'],
      ['wg-batch', 'wg', null],
      // The name is taken by sig-node's subproject: the parent's id makes it unique.
      ['wg-batch-kubelet', 'subproject', 'wg-batch'],
      ['committee-steering', 'committee', null],
    ]);
  });

  test("derives repositories and directories from the subprojects' OWNERS URLs", () => {
    const groups = new Map(parsed(SIGS_YAML, 'sigs.yaml').groups.map((group) => [group.id, group]));
    expect(groups.get('kubelet')).toMatchObject({
      name: 'kubelet',
      repos: ['kubernetes/kubernetes'],
      directories: ['kubernetes/kubernetes/cmd/kubelet', 'kubernetes/kubernetes/pkg/kubelet'],
    });
    expect(groups.get('sig-node')).toMatchObject({
      name: 'Node',
      repos: ['kubernetes/kubernetes', 'kubernetes/node-problem-detector'],
      directories: ['kubernetes/kubernetes/cmd/kubelet', 'kubernetes/kubernetes/pkg/kubelet'],
    });
    expect(groups.get('kubernetes-blog')).toMatchObject({
      repos: ['kubernetes/website'],
      directories: ['kubernetes/website/content/en/blog'],
    });
    expect(groups.get('wg-batch-kubelet')).toMatchObject({
      repos: ['kubernetes-sigs/kueue'],
      directories: [],
    });
    expect(groups.get('committee-steering')).toMatchObject({ repos: [], directories: [] });
  });

  test('locates an OWNERS entry that is not an OWNERS URL, a bad dir, and a missing name', () => {
    expect(
      problems(
        `sigs:
- dir: sig-node
  name: Node
  subprojects:
  - name: kubelet
    owners:
    - https://example.com/kubelet/OWNERS
    - https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/README.md
- dir: SIG Apps
  name: Apps
workinggroups:
- dir: sig-node
  leads: []
`,
        'sigs.yaml',
      ),
    ).toEqual([
      'sigs.yaml:7:7 sigs[0].subprojects[0].owners[0]: expected the URL of an OWNERS file on GitHub (https://raw.githubusercontent.com/<owner>/<name>/<branch>/<path>/OWNERS), got "https://example.com/kubelet/OWNERS"',
      'sigs.yaml:8:7 sigs[0].subprojects[0].owners[1]: expected the URL of an OWNERS file on GitHub (https://raw.githubusercontent.com/<owner>/<name>/<branch>/<path>/OWNERS), got "https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/README.md"',
      'sigs.yaml:9:8 sigs[1].dir: expected an id of lower-case letters, digits, ., _ and - (e.g. sig-docs)',
      'sigs.yaml:12:3 workinggroups[0].name: missing required key "name"',
      'sigs.yaml:12:8 workinggroups[0].dir: dir "sig-node" is used twice (first by sigs[0])',
    ]);
  });
});

describe('repository paths', () => {
  test('reads owner/name and owner/name/path, and refuses anything else', () => {
    expect(parseRepositoryPath('Kubernetes/Kubernetes/pkg/Kubelet')).toEqual({
      repo: 'kubernetes/kubernetes',
      path: 'pkg/Kubelet',
    });
    expect(parseRepositoryPath('acme/app')).toEqual({ repo: 'acme/app', path: '' });
    for (const bad of ['acme', 'acme//x', 'acme/app/../etc', 'a b/c', '/acme/app']) {
      expect(parseRepositoryPath(bad)).toBeNull();
    }
  });

  test('reads raw and github.com OWNERS URLs, root and nested', () => {
    expect(parseOwnersUrl('https://raw.githubusercontent.com/kubernetes/api/master/OWNERS')).toEqual({
      repo: 'kubernetes/api',
      path: '',
    });
    expect(
      parseOwnersUrl('https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/OWNERS'),
    ).toEqual({ repo: 'kubernetes/kubernetes', path: 'pkg/kubelet' });
    expect(parseOwnersUrl('https://github.com/kubernetes/website/tree/main/OWNERS')).toEqual({
      repo: 'kubernetes/website',
      path: '',
    });
    expect(parseOwnersUrl('not a url')).toBeNull();
    expect(parseOwnersUrl('https://raw.githubusercontent.com/kubernetes/OWNERS')).toBeNull();
  });
});
