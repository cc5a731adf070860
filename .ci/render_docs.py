"""Render the docs site offline: nbdev's notebook processing (what `nbdev-proc-nbs` does, without its Quarto
install step), then every processed page to HTML with nbconvert, failing on a broken page. Pages look as Quarto shows
them: the sidebar of nbs/sidebar.yml on every page, no input prompts, no `#|` cell options in the code, math as MathML
(which browsers draw with no network). Also (re)builds README.md from nbs/index.ipynb the same way.

    python .ci/render_docs.py                 # render to _docs/offline/
    python .ci/render_docs.py --write-readme  # also write README.md (+ index_files/) from index.ipynb
    python .ci/render_docs.py --check-readme  # fail when README.md is not what index.ipynb gives
"""
import json, os, re, shutil, sys
from pathlib import Path
import nbformat, yaml
from nbconvert import HTMLExporter, MarkdownExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from nbdev.config import get_config
from nbdev.quarto import refresh_quarto_yml
from nbdev.serve import proc_nbs
from nbdev.doclinks import _build_modidx

def clean(nb):
    "Drop nbdev's own marks (timing profile, show_doc flag), which the nbformat schema does not know."
    for c in nb.cells: c.metadata.pop('execution', None); c.pop('has_sd', None)
    return nb

def front_matter(nb, name):
    "Quarto's front matter (the raw `---` cell nbdev writes) as a title cell, as Quarto would show it; the metadata."
    raw = [i for i, c in enumerate(nb.cells) if c.cell_type == 'raw' and c.source.lstrip().startswith('---')]
    if not raw: fail(f"{name} has no front matter: its first cell must be '# Title' and '> summary'")
    meta = yaml.safe_load(nb.cells[raw[0]].source.strip().strip('-')) or {}
    if not meta.get('title'): fail(f"{name} has no title")
    head = f"# {meta['title']}" + (f"\n\n> {meta['description']}" if meta.get('description') else '')
    nb.cells[raw[0]] = nbformat.v4.new_markdown_cell(head)
    return meta

_MATH = re.compile(r'(`+)(?:.|\n)*?\1|\$\$(.+?)\$\$|(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])', re.S)

def mathml(md:str)->str:
    "Markdown with its $...$ and $$...$$ math as MathML (code spans left alone)."
    from latex2mathml.converter import convert
    def sub(m):
        if m.group(1): return m.group(0)                       # inline code
        tex, display = (m.group(2), 'block') if m.group(2) is not None else (m.group(3), 'inline')
        try: return convert(tex.strip(), display=display)
        except Exception as e: fail(f"cannot render the math {tex!r}: {e}")
    return _MATH.sub(sub, md)

def quarto_like(nb):
    "Show a page as Quarto would: no input for `#| echo: false` cells, no `#|` options in code, no Pandoc attributes `{...}` after links, math as MathML."
    for c in nb.cells:
        if c.cell_type == 'markdown': c.source = mathml(c.source)
        if c.cell_type != 'code': continue
        if re.search(r'^#\|\s*echo:\s*false', c.source, re.M): c.metadata.setdefault('tags', []).append('remove_input')
        c.source = '\n'.join(l for l in c.source.split('\n') if not l.startswith('#|')).strip('\n')
        for o in c.get('outputs', []):
            for k in ('text/markdown',):
                if k in o.get('data', {}): o['data'][k] = re.sub(r'\)\{[^}]*\}', ')', o['data'][k])

def fail(msg): print(f"FAIL: {msg}"); sys.exit(1)

NAV_CSS = """<style>
.ee-nav{position:fixed;top:0;left:0;bottom:0;width:15rem;overflow-y:auto;padding:1rem;background:#f7f7f9;
        border-right:1px solid #ddd;font:14px/1.45 system-ui,sans-serif}
.ee-nav a{display:block;color:#333;text-decoration:none;padding:.1rem 0}.ee-nav a.here{font-weight:600;color:#0a58ca}
.ee-nav .sec{margin-top:.8rem;font-weight:600;color:#666;text-transform:uppercase;font-size:11px;letter-spacing:.04em}
body{margin-left:17rem !important} math{font-size:1.05em}
</style>"""

def nav_html(side, pages, here)->str:
    "The sidebar of nbs/sidebar.yml as links, the current page marked."
    out = ['<nav class="ee-nav">']
    def walk(entries):
        for e in entries:
            if isinstance(e, str):
                file, title = pages[e]
                title = re.sub(r'`([^`]+)`', r'<code>\1</code>', title)
                mark = ' class="here"' if e == here else ''
                out.append(f'<a href="{file}"{mark}>{title}</a>')
            else:
                if e.get('section'): out.append(f'<div class="sec">{e["section"]}</div>')
                walk(e.get('contents', []))
    walk(side['website']['sidebar']['contents'])
    return '\n'.join(out + ['</nav>'])

def main():
    cfg = get_config()
    os.chdir(cfg.config_path)
    refresh_quarto_yml()
    _build_modidx()
    nbs = sorted(p.relative_to(cfg.nbs_path).as_posix() for p in cfg.nbs_path.rglob('*.ipynb')
                 if not any(part.startswith(('.', '_')) for part in p.relative_to(cfg.nbs_path).parts))

    # every notebook is in the sidebar, and every sidebar entry exists
    side = yaml.safe_load((cfg.nbs_path / 'sidebar.yml').read_text())
    def entries(c):
        for e in c:
            if isinstance(e, str): yield e
            else:
                if 'href' in e: yield e['href']
                yield from entries(e.get('contents', []))
    listed = set(entries(side['website']['sidebar']['contents']))
    if missing := [n for n in nbs if n not in listed]: fail(f"notebooks missing from nbs/sidebar.yml: {missing}")
    if stale := [e for e in listed if not (cfg.nbs_path / e).exists()]: fail(f"sidebar.yml lists files that do not exist: {stale}")

    cache = proc_nbs(cfg.nbs_path, n_workers=2, force=True)
    out = cfg.config_path / '_docs' / 'offline'
    shutil.rmtree(out, ignore_errors=True); out.mkdir(parents=True)
    html = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    html.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}, enabled=True), enabled=True)
    pages, loaded = {}, {}
    for name in nbs:
        src = cache / name
        if not src.exists(): fail(f"nbdev did not process {name}")
        nb = nbformat.read(src, as_version=4)
        if not nb.cells: fail(f"{name} has no cells after processing")
        meta = front_matter(nb, name)
        desc = meta.get('description') or ''
        if len(desc) < 20 or not desc.rstrip().endswith(('.', ')')):
            fail(f"{name}: its description is missing or cut off ({desc[-40:]!r}); one line '> ...' under the title, ending with a full stop")
        pages[name] = (meta.get('output-file', name.replace('.ipynb', '.html')), meta['title'])
        loaded[name] = (nb, meta)
    for name in nbs:
        nb, meta = loaded[name]
        nbformat.validate(clean(nb))
        quarto_like(nb)
        for i, c in enumerate(nb.cells):
            for o in c.get('outputs', []):
                if o.get('output_type') == 'error': fail(f"{name} cell {i} has an error output: {o.get('ename')}: {o.get('evalue')}")
                if o.get('name') == 'stderr' and 'Traceback' in o.get('text', ''): fail(f"{name} cell {i} printed a traceback")
        body, _ = html.from_notebook_node(nb)
        if 'cdn.jsdelivr.net/npm/mathjax' in body or 'MathJax' in body:   # no network: MathML needs no script
            body = re.sub(r'<script[^>]*>[^<]*MathJax(?:.|\n)*?</script>', '', body)
            body = re.sub(r'<script[^>]*mathjax[^>]*></script>', '', body, flags=re.I)
        body = body.replace('</head>', NAV_CSS + '</head>', 1)
        body = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + nav_html(side, pages, name), body, count=1)
        dest = out / pages[name][0]; dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(body)
    print(f"rendered {len(nbs)} pages to {out}")

    # README.md from the processed index notebook
    readme_nb = nbformat.read(cache / cfg.readme_nb, as_version=4)
    front_matter(readme_nb, cfg.readme_nb)
    md, res = MarkdownExporter().from_notebook_node(clean(readme_nb),
                                                    resources={'output_files_dir': 'index_files'})
    md = md.strip() + '\n'
    if '--write-readme' in sys.argv:
        shutil.rmtree('index_files', ignore_errors=True)
        for fn, data in res.get('outputs', {}).items():
            Path(fn).parent.mkdir(parents=True, exist_ok=True); Path(fn).write_bytes(data)
        Path('README.md').write_text(md)
        print("wrote README.md")
    elif '--check-readme' in sys.argv:
        if Path('README.md').read_text() != md: fail("README.md is out of date: run python .ci/render_docs.py --write-readme and commit")
        for fn in res.get('outputs', {}):
            if not Path(fn).exists(): fail(f"README image {fn} is missing: run python .ci/render_docs.py --write-readme")
        print("README.md matches nbs/index.ipynb")

if __name__ == '__main__': main()
