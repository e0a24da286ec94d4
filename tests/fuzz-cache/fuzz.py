#!/usr/bin/env python3
"""fuzz-cache: a seeded random-edit differential test of the build cache.

It makes a realistic portal (a few hundred articles, the sample's pages,
scores, images and the default theme) in a real git repository, then
applies the edits a newsroom makes, one at a time, and after each one
builds twice: incrementally (with the cache) and cleanly (--no-cache).
The two trees must be byte for byte the same; so must an incremental and
a clean `--rev HEAD` build after each commit.  A divergence prints the
seed, the step and the edit, then the files that differ.

    python3 tests/fuzz-cache/fuzz.py --seed 7 --steps 500
    make fuzz-cache SEED=7 N=500

Exit status: 0 when every step agreed, 1 on a divergence (or a build that
failed), 2 on bad usage.  Every random choice comes from one
random.Random(seed): the same seed replays the same edits.
"""
import argparse
import difflib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

CATEGORIES = ["Tin tức - Sự kiện", "Cải cách hành chính", "Kinh tế - Xã hội",
              "Văn hóa - Du lịch", "Chuyển đổi số", "Giáo dục"]
TAGS = ["CCHC", "chỉ số CCHC", "hội nghị", "nông thôn mới", "du lịch",
        "giáo dục", "y tế", "dịch vụ công", "chuyển đổi số", "văn bản",
        "bầu cử", "lễ hội", "môi trường", "an ninh", "thanh niên"]
WORDS = ("huyện xã thị trấn hội nghị triển khai kế hoạch năm cải cách hành "
         "chính nhân dân ủy ban phong trào xây dựng nông thôn mới du lịch "
         "Tràng An Gia Viễn Vân Long đồng chí chủ tịch phó kết quả đánh giá "
         "chấm điểm chỉ số dịch vụ công trực tuyến mức độ hồ sơ thủ tục "
         "người dân doanh nghiệp hoàn thành nhiệm vụ trọng tâm").split()
AUTHORS = ["Cẩm Vân", "Phòng Nội vụ huyện", "Trung tâm VHTT&TT",
           "Phòng Văn hóa và Thông tin"]
ZONES = ["Asia/Ho_Chi_Minh", "UTC", "Asia/Tokyo", "America/New_York"]
SHORTCODES = ["{{< ket-qua cchc-2021 nhom=xa top=%d >}}",
              "{{< ket-qua cchc-2021 nhom=phong top=%d >}}",
              "{{< ket-qua cchc-2020 nhom=xa top=%d >}}"]
IMAGES = ["/images/2020/van-long.jpg", "/images/2022/kenh-ga.jpg",
          "/images/2024/trang-an.jpg", "/images/2024/cong-nghe-so.png"]
DAY = 86400
START_CLOCK = 1719792000   # 2024-07-01 00:00 UTC


def yaml_text(s):
    """s as a double-quoted YAML scalar (escapes for control characters)."""
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class Portal:
    """The portal's files as data, written out after every edit."""

    def __init__(self, rng, root, repo_root, articles):
        self.rng = rng
        self.root = root
        self.repo_root = repo_root
        self.serial = 0
        self.posts = {}     # path relative to root → article dict
        self.pages = {}     # path → page dict
        self.clock = START_CLOCK
        self.photos = set()     # body photos: /images/fz/than-K.jpg
        self.corrections = 0    # dinh_chinh entries of cchc-2021
        self.alias_serial = 0
        self.broken = None      # (photo, articles using it) just deleted
        self.site = {
            "title": "Trang thông tin điện tử huyện Gia Viễn",
            "description": "Thông tin chính thức của UBND huyện.",
            "timezone": "Asia/Ho_Chi_Minh", "page_size": 10,
            "unsafe_html": False, "footer": "Cơ quan chủ quản: UBND huyện.",
            "menu": [("Trang chủ", "/"), ("Giới thiệu", "/gioi-thieu/"),
                     ("Cải cách hành chính",
                      "/chuyen-muc/cai-cach-hanh-chinh/"),
                     ("Kết quả CCHC", "/ket-qua/")],
            "phone": "0229 3868 025",
        }
        for sub in ("scores", "files"):
            shutil.copytree(os.path.join(repo_root, "content", sub),
                            os.path.join(root, "content", sub))
        shutil.copytree(os.path.join(repo_root, "themes", "default"),
                        os.path.join(root, "themes", "default"))
        # the sample's small photos (a phone's 12-megapixel one would cost
        # every clean build a second of resizing)
        for url in IMAGES + ["/images/fz/anh.jpg"]:
            dst = os.path.join(root, "content", url[1:])
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            src = url if url in IMAGES else IMAGES[0]
            shutil.copy(os.path.join(repo_root, "content", src[1:]), dst)
        for slug, title in (("gioi-thieu", "Giới thiệu"),
                            ("lien-he", "Liên hệ")):
            path = "content/pages/%s.md" % slug
            self.pages[path] = "---\ntitle: %s\n---\n\n%s\n" % (
                title, self.sentence())
            self.write(path, self.pages[path])
        for _ in range(articles):
            self.new_post()
        self.write_site()

    # ---- articles ------------------------------------------------------
    def words(self, n):
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def sentence(self):
        s = self.words(self.rng.randint(6, 18))
        return s[0].upper() + s[1:] + "."

    def body(self):
        rng = self.rng
        paras = []
        if rng.random() < 0.08:
            paras.append(rng.choice(SHORTCODES) % rng.randint(1, 8))
        for _ in range(rng.randint(1, 4)):
            para = " ".join(self.sentence() for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.2:
                para += " Xem [kết quả](/ket-qua/)."
            paras.append(para)
            if rng.random() < 0.15:
                paras.append("## " + self.words(3))
            if rng.random() < 0.08:
                paras.append('<div class="ghi-chu">' + self.words(4) +
                             "</div>")
        return paras

    def date(self):
        # most in the past; a few after the clock, due as it moves on
        t = self.clock - self.rng.randint(-60, 5 * 365) * DAY
        t += self.rng.randint(0, DAY - 1)
        return t

    def new_post(self):
        rng = self.rng
        self.serial += 1
        n = self.serial
        t = self.date()
        year = 2019 + n % 6
        a = {
            "n": n, "aliases": [],
            "title": "%s số %d" % (self.sentence()[:-1], n),
            "date": t, "author": rng.choice(AUTHORS + [None]),
            "categories": rng.sample(CATEGORIES, rng.randint(0, 2)),
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
            "summary": self.sentence() if rng.random() < 0.6 else None,
            "image": rng.choice(IMAGES) if rng.random() < 0.3 else None,
            "draft": rng.random() < 0.03, "slug": None,
            "body": self.body(),
        }
        path = "content/posts/%d/bai-%d.md" % (year, n)
        self.posts[path] = a
        self.write_post(path)
        return path

    def fmt_date(self, t):
        import time
        return time.strftime("%Y-%m-%dT%H:%M:%S+07:00",
                             time.gmtime(t + 7 * 3600))

    def post_text(self, a):
        lines = ["---", "title: " + yaml_text(a["title"]),
                 "date: " + self.fmt_date(a["date"])]
        if a["author"]:
            lines.append("author: " + yaml_text(a["author"]))
        lines.append("categories: [%s]" %
                     ", ".join(yaml_text(c) for c in a["categories"]))
        lines.append("tags: [%s]" % ", ".join(yaml_text(c) for c in a["tags"]))
        if a["summary"] is not None:
            lines.append("summary: " + yaml_text(a["summary"]))
        if a["image"]:
            lines.append("image: " + a["image"])
        if a["slug"]:
            lines.append("slug: " + a["slug"])
        if a["aliases"]:
            lines.append("aliases: [%s]" % ", ".join(a["aliases"]))
        if a["draft"]:
            lines.append("draft: true")
        lines.append("---")
        return "\n".join(lines) + "\n\n" + "\n\n".join(a["body"]) + "\n"

    def write(self, path, text):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)

    def write_post(self, path):
        self.write(path, self.post_text(self.posts[path]))

    def write_site(self):
        s = self.site
        lines = ["title: " + yaml_text(s["title"]),
                 "description: " + yaml_text(s["description"]),
                 "base_url: https://giavien.ninhbinh.gov.vn/",
                 "timezone: " + s["timezone"],
                 "page_size: %d" % s["page_size"],
                 "unsafe_html: " + ("true" if s["unsafe_html"] else "false"),
                 "footer: " + yaml_text(s["footer"]), "menu:"]
        for name, url in s["menu"]:
            lines.append("  - {name: %s, url: %s}" % (yaml_text(name), url))
        lines += ["contact:", "  name: Ủy ban nhân dân huyện Gia Viễn",
                  "  phone: " + yaml_text(s["phone"])]
        self.write("content/site.yaml", "\n".join(lines) + "\n")

    def pick_post(self):
        return self.rng.choice(sorted(self.posts))


class Edits:
    """Each method is one kind of edit; it changes the portal and returns
    a line saying what it did."""

    def __init__(self, portal):
        self.p = portal
        self.rng = portal.rng

    def _post(self):
        path = self.p.pick_post()
        return path, self.p.posts[path]

    def _save(self, path):
        self.p.write_post(path)

    def title(self):
        path, a = self._post()
        n = a["n"]
        a["title"] = "%s số %s" % (self.p.sentence()[:-1], n)
        self._save(path)
        return "title of %s" % path

    def control_title(self):
        # control characters YAML allows as escapes; the cache must too
        path, a = self._post()
        ch = self.rng.choice(["\x1e", "\x1f", "\t", "\x0c"])
        n = a["n"]
        a["title"] = "Tiêu đề%sđặc biệt số %s" % (ch, n)
        if self.rng.random() < 0.5 and a["tags"]:
            a["tags"][0] = "mot%shai" % ch
        self._save(path)
        return "control character %r in title/tag of %s" % (ch, path)

    def date(self):
        path, a = self._post()
        a["date"] = self.p.date()
        self._save(path)
        return "date of %s" % path

    def categories(self):
        path, a = self._post()
        a["categories"] = self.rng.sample(CATEGORIES, self.rng.randint(0, 2))
        self._save(path)
        return "categories of %s: %s" % (path, a["categories"])

    def new_category(self):
        path, a = self._post()
        a["categories"] = ["Chuyên mục mới %d" % self.rng.randint(1, 3)]
        self._save(path)
        return "new category on %s: %s" % (path, a["categories"])

    def tags(self):
        path, a = self._post()
        a["tags"] = self.rng.sample(TAGS, self.rng.randint(0, 3))
        self._save(path)
        return "tags of %s" % path

    def body(self):
        path, a = self._post()
        if self.rng.random() < 0.5 and len(a["body"]) > 1:
            a["body"][self.rng.randrange(len(a["body"]))] = self.p.sentence()
        else:
            a["body"] = self.p.body()
        self._save(path)
        return "body of %s" % path

    def summary(self):
        path, a = self._post()
        a["summary"] = None if a["summary"] else self.p.sentence()
        self._save(path)
        return "summary of %s %s" % (path, "set" if a["summary"] else
                                     "removed")

    def shortcode(self):
        path, a = self._post()
        a["summary"] = None
        code = self.rng.choice(SHORTCODES) % self.rng.randint(1, 8)
        if a["body"] and a["body"][0].startswith("{{<"):
            a["body"].pop(0)
        else:
            a["body"].insert(0, code)
        self._save(path)
        return "shortcode at the start of %s" % path

    def draft(self):
        path, a = self._post()
        a["draft"] = not a["draft"]
        self._save(path)
        return "draft of %s: %s" % (path, a["draft"])

    def author(self):
        path, a = self._post()
        a["author"] = self.rng.choice(AUTHORS + [None])
        self._save(path)
        return "author of %s" % path

    def slug(self):
        path, a = self._post()
        a["slug"] = None if a["slug"] else "bai-rieng-%s" % a["n"]
        self._save(path)
        return "slug of %s: %s" % (path, a["slug"])

    def image(self):
        path, a = self._post()
        a["image"] = self.rng.choice(IMAGES + [None, "/images/fz/anh.jpg"])
        self._save(path)
        return "image of %s: %s" % (path, a["image"])

    def image_file(self):
        # another of the sample's photos in its place
        src = self.rng.choice([u for u in IMAGES if u.endswith(".jpg")])
        shutil.copy(os.path.join(self.p.repo_root, "content", src[1:]),
                    os.path.join(self.p.root, "content/images/fz/anh.jpg"))
        return "image file content/images/fz/anh.jpg replaced by %s" % src

    def new_post(self):
        return "new article %s" % self.p.new_post()

    def delete(self):
        path, _ = self._post()
        del self.p.posts[path]
        os.remove(os.path.join(self.p.root, path))
        return "deleted %s" % path

    def rename(self):
        path, a = self._post()
        new = "content/posts/moi/%s" % os.path.basename(path)
        if new in self.p.posts:
            new = new[:-3] + "-b.md"
        del self.p.posts[path]
        os.makedirs(os.path.join(self.p.root, "content/posts/moi"),
                    exist_ok=True)
        os.rename(os.path.join(self.p.root, path),
                  os.path.join(self.p.root, new))
        self.p.posts[new] = a
        return "renamed %s to %s" % (path, new)

    def in_place(self):
        # same size, same inode, old mtime: only ctime tells
        path, _ = self._post()
        full = os.path.join(self.p.root, path)
        st = os.stat(full)
        with open(full, "r+b") as f:
            data = bytearray(f.read())
            i = data.rfind(b".")
            data[i] = ord("!") if data[i] == ord(".") else ord(".")
            f.seek(0)
            f.write(data)
        os.utime(full, ns=(st.st_atime_ns, st.st_mtime_ns))
        # keep the model in step with the file
        text = data.decode("utf-8")
        body = text.split("\n---\n", 1)[1].strip("\n").split("\n\n")
        self.p.posts[path]["body"] = body
        return "in-place edit of %s, mtime restored" % path

    def touch(self):
        path, _ = self._post()
        os.utime(os.path.join(self.p.root, path))
        return "touched %s" % path

    def template(self):
        name = self.rng.choice(["article", "card", "list", "home", "layout",
                                "footer", "header", "page", "feed", "404",
                                "result", "result-embed", "archive"])
        full = os.path.join(self.p.root, "themes/default/templates",
                            name + ".mustache")
        with open(full, "a", encoding="utf-8") as f:
            f.write("{{! sửa %d }}x\n" % self.rng.randint(1, 999)
                    if name != "feed" else "\n")
        return "template %s edited" % name

    def partial(self):
        # a new partial, used by the footer, then edited
        root = self.p.root
        part = os.path.join(root, "themes/default/templates/extra.mustache")
        footer = os.path.join(root, "themes/default/templates/footer.mustache")
        with open(part, "w", encoding="utf-8") as f:
            f.write("<p>Thêm %d</p>\n" % self.rng.randint(1, 99))
        with open(footer, encoding="utf-8") as f:
            text = f.read()
        if "{{>extra}}" not in text:
            with open(footer, "a", encoding="utf-8") as f:
                f.write("{{>extra}}\n")
        return "partial extra (used by footer) edited"

    def override(self):
        # the portal's own templates/ folder overrides the theme's
        full = os.path.join(self.p.root, "templates/header.mustache")
        if os.path.exists(full) and self.rng.random() < 0.5:
            os.remove(full)
            return "portal override templates/header.mustache removed"
        src = os.path.join(self.p.root, "themes/default/templates/"
                           "header.mustache")
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(src, encoding="utf-8") as f:
            text = f.read()
        self.p.write("templates/header.mustache",
                     text + "<!-- riêng %d -->\n" % self.rng.randint(1, 99))
        return "portal override templates/header.mustache written"

    def css(self):
        name = self.rng.choice(["style.css", "extra.css"])
        full = os.path.join(self.p.root, "themes/default/assets", name)
        with open(full, "a", encoding="utf-8") as f:
            f.write(".x%d { color: red; }\n" % self.rng.randint(1, 999))
        return "asset %s edited" % name

    def site_title(self):
        self.p.site["title"] = "Cổng %s" % self.p.words(3)
        self.p.write_site()
        return "site title"

    def site_footer(self):
        self.p.site["footer"] = "Chân trang %s" % self.p.words(2)
        self.p.site["phone"] = "0229 %d" % self.rng.randint(1000, 9999)
        self.p.write_site()
        return "site footer and contact"

    def menu(self):
        menu = self.p.site["menu"]
        if len(menu) > 2 and self.rng.random() < 0.5:
            menu.pop(self.rng.randrange(len(menu)))
        else:
            menu.append(("Mục %d" % self.rng.randint(1, 99),
                         "/chuyen-muc/chuyen-doi-so/"))
        self.p.write_site()
        return "menu now %d items" % len(menu)

    def timezone(self):
        self.p.site["timezone"] = self.rng.choice(ZONES)
        self.p.write_site()
        return "timezone %s" % self.p.site["timezone"]

    def unsafe_html(self):
        self.p.site["unsafe_html"] = not self.p.site["unsafe_html"]
        self.p.write_site()
        return "unsafe_html %s" % self.p.site["unsafe_html"]

    def page_size(self):
        self.p.site["page_size"] = self.rng.choice([5, 7, 10, 20])
        self.p.write_site()
        return "page_size %d" % self.p.site["page_size"]

    def scores(self):
        # a leaf's appraised points to 0 (always within its maximum), or a
        # unit's name
        path = os.path.join(self.p.root, "content/scores/cchc-2021.yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if self.rng.random() < 0.3:
            names = list(re.finditer(r"^    ten: (.*)$", text, re.M))
            m = self.rng.choice(names)
            text = text[:m.start(1)] + "Xã Đổi Tên %d" % \
                self.rng.randint(1, 99) + text[m.end(1):]
            what = "a unit's name"
        else:
            leaves = list(re.finditer(r'(tham_dinh: \{[^}]*?"[0-9.]+": )'
                                      r'([0-9.]+)', text))
            m = self.rng.choice(leaves)
            text = text[:m.start(2)] + "0" + text[m.end(2):]
            what = "a score to 0"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return "scores cchc-2021: %s" % what

    def static_page(self):
        rng = self.rng
        pages = self.p.pages
        path = rng.choice(sorted(pages))
        r = rng.random()
        if r < 0.2 and path.endswith("-moi.md"):
            del pages[path]
            os.remove(os.path.join(self.p.root, path))
            return "deleted page %s" % path
        if r < 0.4:
            n = rng.randint(1, 5)
            path = "content/pages/trang-%d-moi.md" % n
            pages[path] = "---\ntitle: Trang mới %d\n---\n\n%s\n" % (
                n, self.p.sentence())
        else:
            pages[path] += "\n%s\n" % self.p.sentence()
            if rng.random() < 0.3:
                pages[path] += "\n%s\n" % (rng.choice(SHORTCODES) %
                                           rng.randint(1, 5))
        self.p.write(path, pages[path])
        return "page %s" % path

    def clock(self):
        self.p.clock += self.rng.randint(1, 45) * DAY
        return "clock moved to %d" % self.p.clock

    # ---- aliases ----------------------------------------------------------
    def alias_add(self):
        path, a = self._post()
        self.p.alias_serial += 1
        a["aliases"].append("/tin-cu/%d/bai-%d/" % (2015 + self.p.alias_serial
                                                    % 5, self.p.alias_serial))
        self._save(path)
        return "alias %s added to %s" % (a["aliases"][-1], path)

    def _with_alias(self):
        have = [p for p in sorted(self.p.posts) if self.p.posts[p]["aliases"]]
        return self.rng.choice(have) if have else None

    def alias_remove(self):
        path = self._with_alias()
        if not path:
            return self.alias_add()
        a = self.p.posts[path]
        gone = a["aliases"].pop(self.rng.randrange(len(a["aliases"])))
        self._save(path)
        return "alias %s removed from %s" % (gone, path)

    def alias_move(self):
        # an old address now redirects to another article
        path = self._with_alias()
        if not path:
            return self.alias_add()
        a = self.p.posts[path]
        alias = a["aliases"].pop(0)
        self._save(path)
        other, b = self._post()
        b["aliases"].append(alias)
        self._save(other)
        return "alias %s moved from %s to %s" % (alias, path, other)

    # ---- photos in bodies -------------------------------------------------
    def _jpeg(self, dst):
        src = self.rng.choice([u for u in IMAGES if u.endswith(".jpg")])
        full = os.path.join(self.p.root, "content", dst[1:])
        os.makedirs(os.path.dirname(full), exist_ok=True)
        shutil.copy(os.path.join(self.p.repo_root, "content", src[1:]), full)
        return src

    def photo_add(self):
        path, a = self._post()
        if self.p.photos and self.rng.random() < 0.5:
            url = self.rng.choice(sorted(self.p.photos))
        else:
            url = "/images/fz/than-%d.jpg" % self.rng.randint(1, 6)
            self._jpeg(url)
            self.p.photos.add(url)
        para = '![%s](%s "%s")' % (self.p.words(2), url, self.p.sentence())
        a["body"].insert(self.rng.randint(0, len(a["body"])), para)
        self._save(path)
        return "photo %s in the body of %s" % (url, path)

    def photo_replace(self):
        if not self.p.photos:
            return self.photo_add()
        url = self.rng.choice(sorted(self.p.photos))
        return "photo %s replaced by %s" % (url, self._jpeg(url))

    def photo_delete(self):
        """Deletes a photo bodies use: both builds must fail alike and
        leave the site as it was; then the articles drop it."""
        if not self.p.photos:
            return self.photo_add()
        url = self.rng.choice(sorted(self.p.photos))
        self.p.photos.discard(url)
        os.remove(os.path.join(self.p.root, "content", url[1:]))
        users = [p for p in sorted(self.p.posts)
                 if any(url + " " in para for para in self.p.posts[p]["body"])]
        self.p.broken = (url, users) if users else None
        return "photo %s deleted (used by %d articles)" % (url, len(users))

    def drop_photo(self, url, users):
        for path in users:
            a = self.p.posts[path] if path in self.p.posts else None
            if a:
                a["body"] = [p for p in a["body"] if url + " " not in p] or \
                    [self.p.sentence()]
                self.p.write_post(path)

    # ---- recurring titles -------------------------------------------------
    def recurring(self):
        # the same title every month: one slug, told apart by commit time
        path, a = self._post()
        a["title"] = "Lịch tiếp công dân định kỳ"
        a["slug"] = None
        self._save(path)
        return "recurring title on %s" % path

    # ---- score corrections ------------------------------------------------
    def correction(self):
        """A published figure changed with a dinh_chinh entry (its PDF
        added), or the last entry taken back."""
        path = os.path.join(self.p.root, "content/scores/cchc-2021.yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if self.p.corrections and self.rng.random() < 0.3:
            self.p.corrections -= 1
            what = "last correction taken back"
        else:
            self.p.corrections += 1
            k = self.p.corrections
            shutil.copy(os.path.join(self.p.root, "content/files/"
                                     "quyet-dinh-512-qd-ubnd.pdf"),
                        os.path.join(self.p.root, "content/files/"
                                     "dinh-chinh-%d.pdf" % k))
            leaves = list(re.finditer(r'(tham_dinh: \{[^}]*?"[0-9.]+": )'
                                      r'([0-9.]+)', text))
            m = self.rng.choice(leaves)
            text = text[:m.start(2)] + "0" + text[m.end(2):]
            what = "correction %d with a score to 0" % k
        text = re.sub(r"^dinh_chinh:\n(  .*\n)*", "", text, flags=re.M)
        if self.p.corrections:
            block = ["dinh_chinh:"]
            for k in range(1, self.p.corrections + 1):
                block.append("  - {so: %d/QĐ-UBND, ngay: 2022-07-%02d, file: "
                             "/files/dinh-chinh-%d.pdf, ly_do: Sai sót %d}" %
                             (600 + k, k, k, k))
            text = re.sub(r"^(quyet_dinh: .*\n)", lambda m: m.group(1) +
                          "\n".join(block) + "\n", text, count=1, flags=re.M)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return "scores cchc-2021: %s" % what

    def commit(self):
        return "commit"

    def nothing(self):
        return "nothing (rebuild)"


# how often each edit kind comes up
WEIGHTS = {
    "title": 8, "control_title": 2, "date": 6, "categories": 6,
    "new_category": 2, "tags": 5, "body": 8, "summary": 4, "shortcode": 3,
    "draft": 3, "author": 2, "slug": 2, "image": 3, "image_file": 1,
    "new_post": 5, "delete": 3, "rename": 3, "in_place": 4, "touch": 2,
    "template": 3, "partial": 2, "override": 2, "css": 2, "site_title": 1,
    "site_footer": 1, "menu": 2, "timezone": 2, "unsafe_html": 2,
    "page_size": 1, "scores": 4, "static_page": 3, "clock": 4,
    "commit": 6, "nothing": 1, "alias_add": 2, "alias_remove": 1,
    "alias_move": 1, "photo_add": 3, "photo_replace": 1, "photo_delete": 1,
    "recurring": 2, "correction": 2,
}


def tree(root):
    files = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            full = os.path.join(dirpath, name)
            files[os.path.relpath(full, root)] = full
    return files


def compare(a, b, limit=6):
    """Lines describing how trees a and b differ (empty when the same)."""
    fa, fb = tree(a), tree(b)
    out = []
    for path in sorted(set(fa) | set(fb)):
        if path not in fa:
            out.append("only in the clean build: %s" % path)
        elif path not in fb:
            out.append("only in the cached build: %s" % path)
        else:
            with open(fa[path], "rb") as x, open(fb[path], "rb") as y:
                da, db = x.read(), y.read()
            if da == db:
                continue
            out.append("differs: %s" % path)
            if len(out) <= limit:
                diff = difflib.unified_diff(
                    da.decode("utf-8", "replace").splitlines(),
                    db.decode("utf-8", "replace").splitlines(),
                    "cached", "clean", n=0, lineterm="")
                out += ["    " + l[:160] for l in list(diff)[2:10]]
    return out


class Runner:
    def __init__(self, congbo, work, portal):
        self.congbo = congbo
        self.work = work
        self.p = portal
        self.env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
        self.failed_alike = 0   # steps where both builds failed, alike
        self.files = self.search_files = 0

    def git(self, *args):
        env = dict(self.env, GIT_AUTHOR_NAME="Biên tập", GIT_COMMITTER_NAME=
                   "Biên tập", GIT_AUTHOR_EMAIL="bt@example.vn",
                   GIT_COMMITTER_EMAIL="bt@example.vn",
                   GIT_AUTHOR_DATE="@%d +0700" % self.p.clock,
                   GIT_COMMITTER_DATE="@%d +0700" % self.p.clock)
        subprocess.run(["git", "-C", self.p.root] + list(args), env=env,
                       check=True, stdout=subprocess.DEVNULL)

    def build(self, out, *extra):
        env = dict(self.env, SOURCE_DATE_EPOCH=str(self.p.clock))
        r = subprocess.run([self.congbo, "build", "--quiet", "--out", out] +
                           list(extra), env=env, capture_output=True,
                           text=True, errors="replace")
        return r.returncode, r.stderr

    def forget(self):
        """Removes the cached builds and their caches (--keep-going)."""
        for name in ("site", "rev"):
            shutil.rmtree(os.path.join(self.work, name + "-cached"),
                          ignore_errors=True)
            cache = os.path.join(self.work, "." + name + "-cached.cache")
            if os.path.exists(cache):
                os.remove(cache)

    def pair(self, name, *source, may_fail=False):
        """Incremental and clean build of source; lines of difference.
        With may_fail, two builds that fail with the same messages agree
        (and must have left both sites as they were, still equal)."""
        inc = os.path.join(self.work, name + "-cached")
        clean = os.path.join(self.work, name + "-clean")
        rc1, err1 = self.build(inc, *source)
        rc2, err2 = self.build(clean, "--no-cache", *source)
        failed_alike = may_fail and rc1 == rc2 and err1 == err2
        if (rc1 != 0 or rc2 != 0) and not failed_alike:
            return ["cached build: exit %d %s" % (rc1, err1.strip()[:800]),
                    "clean build: exit %d %s" % (rc2, err2.strip()[:800])]
        if rc1 != 0:
            self.failed_alike += 1
        files = tree(clean)
        self.files = len(files)
        self.search_files = sum(1 for f in files
                                if f.startswith("tim-kiem" + os.sep))
        return compare(inc, clean)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--congbo", default="generator/congbo")
    ap.add_argument("--keep-going", action="store_true",
                    help="after a divergence, start the cache afresh and go on")
    ap.add_argument("--only", default="",
                    help="comma-separated edit kinds to draw from (all)")
    ap.add_argument("--keep", action="store_true",
                    help="leave the work folder for a look")
    args = ap.parse_args()
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    congbo = os.path.abspath(args.congbo)
    # thousands of files written per step: on tmpfs when there is one
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    work = tempfile.mkdtemp(prefix="congbo-fuzz-", dir=shm)
    rng = random.Random(args.seed)
    portal = Portal(rng, os.path.join(work, "portal"), repo_root,
                    args.articles)
    run = Runner(congbo, work, portal)
    run.git("init", "-q", "-b", "main")
    run.git("add", "-A")
    run.git("commit", "-q", "-m", "Cổng ban đầu")
    edits = Edits(portal)
    kinds = sorted(args.only.split(",")) if args.only else sorted(WEIGHTS)
    if any(k not in WEIGHTS for k in kinds):
        ap.error("--only: edit kinds are %s" % ", ".join(sorted(WEIGHTS)))
    weights = [WEIGHTS[k] for k in kinds]
    failures = 0
    source = ("--source", portal.root)
    rev = ("--rev", "HEAD", "--repo", portal.root)
    diff = run.pair("site", *source) + run.pair("rev", *rev)
    step = 0
    if diff:
        failures += 1
        print("DIVERGENCE: seed %d, step 0, the first build" % args.seed)
        print("\n".join(diff[:40]))
    while (args.keep_going or not failures) and step < args.steps:
        step += 1
        kind = rng.choices(kinds, weights)[0]
        what = getattr(edits, kind)()
        broken = portal.broken
        if kind == "commit" or rng.random() < 0.05:
            run.git("add", "-A")
            run.git("commit", "-q", "--allow-empty", "-m",
                    "Bước %d: %s" % (step, what))
            diff = run.pair("rev", *rev, may_fail=bool(broken))
        diff = diff or run.pair("site", *source, may_fail=bool(broken))
        if broken:
            # the articles drop the deleted photo; builds work again
            portal.broken = None
            edits.drop_photo(*broken)
            what += ", then dropped from the articles"
            diff = diff or run.pair("site", *source)
        if diff:
            failures += 1
            print("DIVERGENCE: seed %d, step %d, edit: %s" %
                  (args.seed, step, what))
            print("\n".join(diff[:40]))
            if args.keep_going:   # else --keep leaves the builds to look at
                run.forget()
            diff = []
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("work folder:", work)
    print("seed %d: %d steps over %d articles, %s" %
          (args.seed, step if args.steps else 0, args.articles,
           "a divergence" if failures else "no divergence"))
    print("  compared: %d files a build, %d of them the search index; "
          "%d steps failed alike in both builds (a deleted photo)" %
          (run.files, run.search_files, run.failed_alike))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
