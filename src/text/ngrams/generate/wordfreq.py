"""Writes DIR/common.freq from the word frequencies of wordfreq 3.1.1 (data CC-BY-SA 4.0):
each word of its small lists, in any language, that is at least as frequent as 1 in a million
words (Zipf 3) and holds a letter beyond ASCII, with its highest Zipf frequency, one per line
("word<TAB>zipf"). The generator turns it into the filter `common.bin`.

    python3 wordfreq.py DIR    (DIR holds wordfreq-3.1.1-py3-none-any.whl; needs msgpack)
"""

import gzip
import os
import sys
import unicodedata
import zipfile

import msgpack

LOWEST_ZIPF = 3.0


def main(directory):
    wheel = os.path.join(directory, "wordfreq-3.1.1-py3-none-any.whl")
    best = {}
    with zipfile.ZipFile(wheel) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("wordfreq/data/small_"))
        for name in names:
            # cB format: a header, then one list of words per centibel below 1 (frequency
            # 10 ** (-i / 100) for the i-th list), most frequent first.
            bands = msgpack.loads(gzip.decompress(archive.read(name)), raw=False)[1:]
            for i, words in enumerate(bands):
                zipf = 9.0 - i / 100.0
                if zipf < LOWEST_ZIPF:
                    break
                for word in words:
                    if word.isascii() or not all(
                        unicodedata.category(c)[0] in "LM" for c in word
                    ):
                        continue
                    best[word] = max(best.get(word, 0.0), zipf)
    with open(os.path.join(directory, "common.freq"), "w", encoding="utf-8") as out:
        for word in sorted(best):
            out.write(f"{word}\t{best[word]:.2f}\n")
    print(f"common.freq: {len(best)} words")


if __name__ == "__main__":
    main(sys.argv[1])
