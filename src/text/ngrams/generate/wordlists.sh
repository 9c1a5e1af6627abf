#!/usr/bin/env bash
# Extracts the word lists of Tesseract's tessdata_fast models (Apache-2.0) into DIR, for the
# languages whose n-grams the generator counts itself, and the word frequencies of wordfreq
# 3.1.1 (data CC-BY-SA 4.0) for the filter of common words: bash wordlists.sh DIR
set -euo pipefail
dir=${1:?usage: wordlists.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
# The n-grams of the first seven are counted from their lists; the rest fill the filter of
# known words.
langs=(hin mar tha jpn chi_sim chi_tra kor rus ukr bel bul srp mkd kaz mon ell ara fas urd heb
       eng deu fra spa por ita nld swe dan nor fin pol ces slk hun ron hrv slv tur vie lit lav est
       isl cat sqi aze)
apt-get install -y -q tesseract-ocr $(printf 'tesseract-ocr-%s ' "${langs[@]//_/-}") >/dev/null
mkdir -p "$dir"
cd "$dir"
for lang in "${langs[@]}"; do
    combine_tessdata -u "/usr/share/tesseract-ocr/5/tessdata/$lang.traineddata" "$lang." >/dev/null 2>&1
    dawg2wordlist "$lang.lstm-unicharset" "$lang.lstm-word-dawg" "$lang.words" 2>/dev/null
    rm -f "$lang".lstm* "$lang".config "$lang".version
    echo "$lang: $(wc -l < "$lang.words") words"
done
pip download -q --no-deps --dest "$dir" wordfreq==3.1.1
pip install -q msgpack
python3 "$here/wordfreq.py" "$dir"
