// github-slugger's anchors for headings, one slugger per file (as GitHub
// numbers repeated headings within a page).
// stdin: a JSON array of files, each an array of heading texts.
// stdout: the same shape, with each text replaced by its anchor.
import GithubSlugger from 'github-slugger'

let input = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => { input += chunk })
process.stdin.on('end', () => {
  const files = JSON.parse(input)
  const out = files.map((texts) => {
    const slugger = new GithubSlugger()
    return texts.map((text) => slugger.slug(text))
  })
  process.stdout.write(JSON.stringify(out))
})
