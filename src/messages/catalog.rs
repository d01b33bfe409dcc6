//! The catalog of diagnostic codes: each a stable code (`QF0301`), a short name, what its
//! message says, its cause and its fix, in English and Simplified Chinese.
//!
//! Codes are grouped by area: 00xx reading files, 01xx `site.toml`, 02xx content files and
//! YAML, 03xx Chinese-keyboard slips, 04xx data rules, 05xx Markdown and references, 06xx
//! templates and theme, 07xx the output folder, 08xx images and fonts, 09xx `check`'s copy
//! rules, 10xx links, 11xx import and export, 12xx commands and `serve`. Once given, a code
//! keeps its meaning; a retired code is not reused. `docs/codes.md` is made from this file
//! ([`markdown`]).

use std::fmt;

/// A stable diagnostic code, e.g. `QF0301`, held as its number (two bytes: diagnostics are
/// passed around by value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(u16);

impl Code {
    /// `QF0301` → 301, at compile time.
    const fn parse(code: &str) -> Code {
        let bytes = code.as_bytes();
        let mut n: u16 = 0;
        let mut i = 2;
        while i < bytes.len() {
            n = n * 10 + (bytes[i] - b'0') as u16;
            i += 1;
        }
        Code(n)
    }

    /// The catalog's entry for this code.
    pub fn entry(self) -> &'static Entry {
        CATALOG
            .iter()
            .find(|e| Code::parse(e.code) == self)
            .unwrap_or(&CATALOG[0])
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QF{:04}", self.0)
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One code of the catalog; each text is `[English, Chinese]`.
#[derive(Debug)]
pub struct Entry {
    /// `QF0301`.
    pub code: &'static str,
    /// A short kebab-case name, e.g. `fullwidth-colon`.
    pub name: &'static str,
    /// What the message says.
    pub message: [&'static str; 2],
    /// Why it happens.
    pub cause: [&'static str; 2],
    /// What to do about it.
    pub fix: [&'static str; 2],
}

impl Entry {
    /// The index of `lang` in the text arrays.
    fn at(lang: super::Lang) -> usize {
        match lang {
            super::Lang::En => 0,
            super::Lang::Zh => 1,
        }
    }

    /// What the message says, in `lang`.
    pub fn message(&self, lang: super::Lang) -> &'static str {
        self.message[Self::at(lang)]
    }

    /// The cause, in `lang`.
    pub fn cause(&self, lang: super::Lang) -> &'static str {
        self.cause[Self::at(lang)]
    }

    /// The fix, in `lang`.
    pub fn fix(&self, lang: super::Lang) -> &'static str {
        self.fix[Self::at(lang)]
    }
}

/// The entry for `code` as written by a user: `QF0301`, `qf0301` or `0301`.
pub fn find(code: &str) -> Option<&'static Entry> {
    let code = code.trim().to_ascii_uppercase();
    let code = if code.starts_with("QF") {
        code
    } else {
        format!("QF{code}")
    };
    CATALOG.iter().find(|e| e.code == code)
}

macro_rules! catalog {
    ($( $konst:ident $code:literal $name:literal
        [$men:literal, $mzh:literal]
        [$cen:literal, $czh:literal]
        [$fen:literal, $fzh:literal]; )*) => {
        /// Every code, in order.
        pub static CATALOG: &[Entry] = &[
            $( Entry {
                code: $code,
                name: $name,
                message: [$men, $mzh],
                cause: [$cen, $czh],
                fix: [$fen, $fzh],
            }, )*
        ];
        $(
            #[doc = concat!("`", $code, "` ", $name, ": ", $men, ".")]
            pub const $konst: Code = Code::parse($code);
        )*
    };
}

catalog! {
    UNCODED "QF0000" "uncoded"
        ["A message without a code of its own", "尚未编号的提示"]
        ["A message that has not yet been given its own code.", "这条提示还没有分配专门的代码。"]
        ["Read the message and its help line; report it so that it gets a code.", "按提示正文和建议处理；也可以反馈给开发者，为它分配代码。"];

    // 00xx: reading and writing files
    CANNOT_READ "QF0001" "cannot-read"
        ["A file cannot be read", "无法读取文件"]
        ["The file is missing, was moved while qingfeng ran, or you have no permission to read it.", "文件不存在、在运行期间被移走，或当前用户没有读取权限。"]
        ["Check that the file exists and that you may read it, then run the command again.", "确认文件存在并且有读取权限，然后重新运行命令。"];
    CANNOT_WRITE "QF0002" "cannot-write"
        ["A file cannot be written", "无法写入文件"]
        ["The disk is full, the folder is read-only, or another program holds the file.", "磁盘已满、文件夹只读，或文件被其他程序占用。"]
        ["Free some space or fix the folder's permissions, close other programs, and run the command again.", "腾出磁盘空间或修改文件夹权限，关闭占用文件的程序，然后重新运行命令。"];
    FILE_TOO_LARGE "QF0003" "file-too-large"
        ["A file is larger than qingfeng reads", "文件过大"]
        ["Source files and files beside the Markdown have a size limit, so that a wrong file does not stall the build.", "为防止误放的文件拖慢构建，源文件和 Markdown 旁的附件都有大小上限。"]
        ["Make the file smaller, split the text, or check that it is the file you meant.", "缩小文件、拆分正文，或确认放对了文件。"];
    NOT_UTF8 "QF0004" "not-utf8"
        ["A file is not UTF-8 text", "文件不是 UTF-8 编码"]
        ["The file was saved in another encoding, most often GBK/GB18030 by Notepad or WPS on Chinese Windows.", "文件以其他编码保存，最常见的是中文 Windows 上记事本或 WPS 保存的 GBK/GB18030。"]
        ["Save the file again as UTF-8 (in Notepad: Save As, Encoding: UTF-8).", "把文件另存为 UTF-8 编码（记事本：另存为 → 编码：UTF-8）。"];
    BINARY_FILE "QF0005" "binary-file"
        ["A content file holds binary data", "内容文件中有二进制数据"]
        ["A file that is not text (an image, a Word document) was put where YAML or Markdown goes.", "把非文本文件（图片、Word 文档等）放在了 YAML 或 Markdown 的位置。"]
        ["Move the file to static/ or beside the Markdown, or save the text as plain UTF-8.", "把文件移到 static/ 或 Markdown 旁边，或把正文另存为纯文本 UTF-8。"];

    // 01xx: site.toml
    NO_SITE_TOML "QF0101" "no-site-toml"
        ["No site.toml in the folder", "文件夹中没有 site.toml"]
        ["qingfeng was run outside a site's folder.", "没有在网站文件夹中运行 qingfeng。"]
        ["Run qingfeng in the folder that holds site.toml, pass --root DIR, or make a site with `qingfeng init DIR`.", "在含有 site.toml 的文件夹中运行，或加 --root 指定文件夹，或用 `qingfeng init 文件夹` 新建网站。"];
    CONFIG_SYNTAX "QF0102" "config-syntax"
        ["site.toml is not valid TOML", "site.toml 格式有误"]
        ["A line of site.toml breaks the TOML rules: a missing quote, a full-width symbol, a value of the wrong type.", "site.toml 中某行不符合 TOML 格式：缺引号、用了全角符号，或值的类型不对。"]
        ["Correct the line shown; text values are written in half-width double quotes, e.g. title = \"...\".", "修改所指的行；文字值要用半角双引号括起，例如 title = \"……\"。"];
    CONFIG_UNKNOWN_KEY "QF0103" "config-unknown-key"
        ["An unknown key in site.toml", "site.toml 中有未知的键"]
        ["A key is misspelled or placed in the wrong [section].", "键名拼错了，或放错了 [小节]。"]
        ["Use the key the help line suggests; the keys are listed in the README.", "改为建议中的键名；所有键名见 README。"];
    UNSUPPORTED_LANGUAGE "QF0104" "unsupported-language"
        ["The site's language is not supported", "不支持该网站语言"]
        ["`language` in site.toml names a language other than zh-CN.", "site.toml 的 `language` 不是 zh-CN。"]
        ["Set language = \"zh-CN\" (the language of messages is `messages`).", "改为 language = \"zh-CN\"（提示语言由 `messages` 设置）。"];
    BAD_THEME_NAME "QF0105" "bad-theme-name"
        ["The theme is not a folder name", "主题名称不是文件夹名"]
        ["`theme` in site.toml holds a path or characters a folder name cannot have.", "site.toml 的 `theme` 含有路径或文件夹名中不能有的字符。"]
        ["Name a folder under themes/, e.g. theme = \"default\".", "写 themes/ 下的文件夹名，例如 theme = \"default\"。"];
    BAD_BASE_URL "QF0106" "bad-base-url"
        ["base_url is not an http(s) address", "base_url 不是 http(s) 网址"]
        ["`base_url` lacks `http://` or `https://`, is not an address, has a host name that is not ASCII (a Chinese domain is written in its xn-- form), or has a query (`?…`) or a fragment (`#…`), after which the site's paths would go. A space or Chinese in its path is fine: every address encodes it.", "`base_url` 缺少 `http://` 或 `https://`，或不是网址，或主机名不是 ASCII（中文域名要写成 xn-- 开头的形式），或带有查询（`?…`）或片段（`#…`），网站的路径会接在它们后面。路径中的空格或中文没有问题：每个网址都会对它编码。"]
        ["Write the full address without `?…` or `#…`, e.g. base_url = \"https://news.example.cn/huanjie/\", or leave it out.", "写不带 `?…` 或 `#…` 的完整网址，例如 base_url = \"https://news.example.cn/huanjie/\"，或删去这一行。"];
    BAD_MESSAGES_SETTING "QF0107" "bad-messages-setting"
        ["The messages setting names no language qingfeng speaks", "messages 设置的语言无效"]
        ["`messages` in site.toml is neither \"zh\" nor \"en\".", "site.toml 的 `messages` 既不是 \"zh\" 也不是 \"en\"。"]
        ["Write messages = \"zh\" for Chinese messages or messages = \"en\" for English, or leave it out to follow the computer's language.", "写 messages = \"zh\"（中文提示）或 messages = \"en\"（英文提示），或删去这一行以跟随电脑的语言。"];
    UNKNOWN_CHECK_RULE "QF0108" "unknown-check-rule"
        ["[check] disabled_rules names no rule", "[check] disabled_rules 中的规则不存在"]
        ["A rule's name is misspelled in `disabled_rules`.", "`disabled_rules` 中的规则名拼错了。"]
        ["Use a name from `qingfeng check`'s list of rules (docs/check.md); the help line suggests the nearest.", "使用 docs/check.md 中列出的规则名；建议行给出了最接近的名称。"];
    BAD_COMPARE_SETTING "QF0109" "bad-compare-setting"
        ["A [compare] setting is not a whole number of at least 1", "[compare] 的设置不是不小于 1 的整数"]
        ["`max_bars` or `per_page` in the [compare] section of site.toml is 0.", "site.toml 中 [compare] 小节的 `max_bars` 或 `per_page` 为 0。"]
        ["Leave the key out for the default (40 bars, 100 counties a list page), or write a whole number such as 40.", "删去这一行以使用默认值（最多 40 根柱、每页 100 个县），或写一个整数，例如 40。"];

    // 02xx: content files and YAML
    YAML_SYNTAX "QF0201" "yaml-syntax"
        ["A YAML file cannot be read", "YAML 文件无法解析"]
        ["The YAML breaks a rule of the format: a missing colon, a tab in the indentation, a value of the wrong kind.", "YAML 不符合格式规则：缺冒号、缩进中有制表符、值的类型不对等。"]
        ["Correct the line shown; the message quotes the YAML reader's own words.", "修改所指的行；提示中引用了 YAML 解析器的原文。"];
    YAML_EMPTY "QF0202" "yaml-empty"
        ["A YAML file is empty", "YAML 文件是空的"]
        ["A data file (a county's, a region's, the city's, the Q&A) or a page's front matter holds nothing but blank lines and comments.", "数据文件（县、地区、全市或知识问答）或页面的前置信息中只有空行和注释。"]
        ["Fill in the fields the help line names; `qingfeng new county SLUG`, `new region` and `new article` write files with every field.", "按帮助行填写各字段；`qingfeng new county 拼音名`、`new region` 和 `new article` 会生成含全部字段的文件。"];
    YAML_TOO_DEEP "QF0203" "yaml-too-deep"
        ["The YAML is nested too deeply", "YAML 嵌套层数过多"]
        ["The file nests mappings or lists very deeply, or uses aliases that expand too far.", "文件嵌套过深，或使用了展开过多的别名（alias）。"]
        ["Write the figures out plainly, without deep nesting or anchors.", "直接写出数据，不要深层嵌套或使用锚点。"];
    MISSING_FIELD "QF0204" "missing-field"
        ["A required field is missing", "缺少必填字段"]
        ["A field every county must have is not in the file, or is indented under the wrong key.", "文件中缺少必填字段，或它缩进到了别的键下面。"]
        ["Add the field (`qingfeng new county SLUG` writes a file with every field), or indent it like its neighbours.", "补上该字段（`qingfeng new county 拼音名` 生成的文件含全部字段），或把它的缩进改得与相邻字段一致。"];
    UNKNOWN_FIELD "QF0205" "unknown-field"
        ["An unknown field", "未知字段"]
        ["A key is misspelled, or belongs in another block.", "键名拼错了，或放错了位置。"]
        ["Use the key the help line suggests.", "改为建议中的键名。"];
    DUPLICATE_KEY "QF0206" "duplicate-key"
        ["A key appears twice", "键重复出现"]
        ["The same key is written twice in one mapping.", "同一层中同一个键写了两次。"]
        ["Keep one of them.", "删去其中一个。"];
    WRONG_TYPE "QF0207" "wrong-type"
        ["A value is not of the kind the field takes", "值的类型不对"]
        ["A field that takes a number holds text, or a field that takes text holds a list.", "应为数字的字段写了文字，或应为文字的字段写了列表。"]
        ["Write the value as the help line says, e.g. a whole number from 0 to 100000.", "按建议改写，例如写 0 到 100000 之间的整数。"];
    MISPLACED_INDENT "QF0208" "misplaced-indent"
        ["A line is indented out of its block", "缩进错位"]
        ["A line has one space too many or too few, so YAML cannot tell which block it belongs to.", "某行多了或少了空格，YAML 无法判断它属于哪一块。"]
        ["Indent the line like the other keys of its block (two spaces a level).", "把这一行的缩进改得与同一块的其他键一致（每层两个空格）。"];
    FRONT_MATTER "QF0209" "front-matter"
        ["The front matter of a Markdown file is not closed or not valid", "Markdown 文件头部信息有误"]
        ["The block between `---` lines at the top of the file is not closed, or its YAML is wrong.", "文件开头两行 `---` 之间的内容没有闭合，或其中的 YAML 有误。"]
        ["Close the block with a `---` line and correct the YAML in it.", "用一行 `---` 闭合，并修改其中的 YAML。"];
    NO_CONTENT_FOLDER "QF0210" "no-content-folder"
        ["The site has no content/ folder", "网站没有 content/ 文件夹"]
        ["The site's data and text are expected under content/.", "网站的数据和正文应放在 content/ 下。"]
        ["Put the site's YAML and Markdown under content/ (`qingfeng init` makes a site with it).", "把 YAML 和 Markdown 放进 content/（`qingfeng init` 生成的网站已有此文件夹）。"];
    CASE_CLASH "QF0211" "case-clash"
        ["Two files differ only in upper and lower case", "两个文件名只有大小写不同"]
        ["Windows and macOS take such names for one file, so the site would differ between computers.", "Windows 和 macOS 把这样的文件名当作同一个文件，网站在不同电脑上会不一样。"]
        ["Keep one of them.", "只保留其中一个。"];
    SYMLINK "QF0212" "symlink"
        ["A symbolic link in content/", "content/ 中有符号链接"]
        ["qingfeng does not follow links, so that a site cannot publish files from outside it.", "为免发布网站以外的文件，qingfeng 不跟随符号链接。"]
        ["Replace the link with the file itself.", "用文件本身替换链接。"];
    BAD_FILE_NAME "QF0213" "bad-file-name"
        ["A file name cannot be a page address", "文件名不能用作网页地址"]
        ["The name is not valid UTF-8, or holds characters other than lowercase ASCII letters, digits and '-'.", "文件名不是有效的 UTF-8，或含有小写英文字母、数字和“-”以外的字符。"]
        ["Rename the file with lowercase ASCII letters, digits and '-', e.g. yaodu.yaml.", "用小写英文字母、数字和“-”重命名，例如 yaodu.yaml。"];
    UNKNOWN_FILE "QF0214" "unknown-file"
        ["A file qingfeng does not know was ignored", "无法识别的文件已忽略"]
        ["The file is not where qingfeng looks for county data, reports or images.", "文件不在 qingfeng 读取县数据、报道或图片的位置。"]
        ["County data goes in content/counties/<slug>.yaml and .md, reports in content/articles/<slug>.md, images in static/.", "县数据放 content/counties/<拼音名>.yaml 和 .md，报道放 content/articles/<拼音名>.md，图片放 static/。"];
    NARRATIVE_WITHOUT_DATA "QF0215" "narrative-without-data"
        ["A county's narrative has no data file", "县的正文没有对应的数据文件"]
        ["content/counties/<slug>.md exists without content/counties/<slug>.yaml.", "有 content/counties/<拼音名>.md，却没有同名的 .yaml。"]
        ["Add the county's figures as <slug>.yaml, or move the text to content/articles/.", "补上同名的 .yaml 数据文件，或把正文移到 content/articles/。"];
    HIDDEN_FILE "QF0216" "hidden-file"
        ["A file starting with a dot was skipped", "以点开头的文件已跳过"]
        ["Files whose names start with `.` are taken for editors' temporary files.", "以“.”开头的文件被视为编辑器的临时文件。"]
        ["Rename the file without the dot to publish it.", "去掉文件名开头的点即可发布。"];
    UNCLOSED_BRACKET "QF0217" "unclosed-bracket"
        ["A list or mapping in brackets is not closed", "方括号或花括号没有闭合"]
        ["A value written as `[…]` or `{…}` lacks its closing bracket, so YAML reads the lines after it as part of it and reports an error further down.", "写成 `[…]` 或 `{…}` 的值缺少右括号，YAML 把后面的行也当作其中的内容，并在更靠后的地方报错。"]
        ["Add the closing bracket where the value ends, or write a list one item a line, each after `- `.", "在值的末尾补上右括号；列表也可以每行写一项，以 `- ` 开头。"];

    // 03xx: Chinese-keyboard slips
    FULLWIDTH_COLON "QF0301" "fullwidth-colon"
        ["A full-width colon after a key", "键后面用了全角冒号"]
        ["The key was typed with the Chinese input method on, so its colon is the full-width `：`, which YAML does not read as a colon.", "输入键名时开着中文输入法，冒号成了全角的“：”，YAML 不把它当作冒号。"]
        ["Replace `：` with the half-width `:` (`qingfeng check --fix` does this).", "把全角冒号“：”改为半角冒号“:”（`qingfeng check --fix` 可自动修改）。"];
    FULLWIDTH_SPACE_INDENT "QF0302" "fullwidth-space-indent"
        ["A full-width space in the indentation", "缩进中有全角空格"]
        ["The line is indented with the full-width space U+3000, which YAML does not count as indentation.", "该行用全角空格（U+3000）缩进，YAML 不把它当作缩进。"]
        ["Indent with half-width spaces only, two for each full-width space (`qingfeng check --fix` does this).", "只用半角空格缩进，每个全角空格改为两个半角空格（`qingfeng check --fix` 可自动修改）。"];
    FULLWIDTH_DIGITS "QF0303" "fullwidth-digits"
        ["A number written with full-width digits", "数字用了全角"]
        ["Digits like `３` were typed with the Chinese input method in full-width mode; YAML reads them as text.", "中文输入法全角模式下输入的数字（如“３”）会被当作文字。"]
        ["Write the number with half-width digits (`qingfeng check --fix` does this).", "改为半角数字（`qingfeng check --fix` 可自动修改）。"];
    NUMBER_WITH_UNIT "QF0304" "number-with-unit"
        ["A number written with its unit", "数字后面带了单位"]
        ["A count, age or share was copied with its unit (people, years, %); the field takes the number alone.", "数字连同单位一起抄了过来（如“20人”“46.9岁”“13.9%”），字段只接受数字。"]
        ["Write the number alone; shares are computed by qingfeng from the counts.", "只写数字；比例由 qingfeng 根据人数计算。"];
    THOUSANDS_SEPARATOR "QF0305" "thousands-separator"
        ["A number written with thousands separators", "数字带了千位分隔符"]
        ["A number like `1,137` was copied from a spreadsheet with its commas; YAML reads it as text.", "从表格复制的数字（如“1,137”）带着逗号，YAML 把它当作文字。"]
        ["Write the number without commas, e.g. 1137.", "去掉逗号，例如写 1137。"];
    CHINESE_QUOTES "QF0306" "chinese-quotes"
        ["A value wrapped in Chinese quotation marks", "值外面加了中文引号"]
        ["YAML quotes with half-width quotes only; Chinese quotes “” are kept and published as part of the text. Around a number, they make it text, which a field of numbers refuses.", "YAML 只认半角引号；中文引号“”会被当作正文的一部分发布出去。数字加了中文引号就成了文字，数字字段不接受。"]
        ["Leave the quotes out, or use half-width quotes \"…\" around text; write a number bare.", "去掉引号，或给文字改用半角引号 \"…\"；数字不加引号。"];
    FULLWIDTH_COMMA "QF0307" "fullwidth-comma"
        ["A full-width comma between the items of a list", "列表各项之间用了全角逗号"]
        ["In a list written in brackets the full-width comma `，` does not separate items: YAML reads one item.", "在 `[甲，乙]` 中全角逗号“，”不能分隔各项，YAML 只读出一项。"]
        ["Replace `，` with a half-width comma and a space.", "把全角逗号“，”改为半角逗号“,”加一个空格。"];
    FULLWIDTH_BRACES "QF0308" "fullwidth-braces"
        ["A figure reference typed with full-width braces", "数据引用用了全角大括号"]
        ["`｛｛ county.members ｝｝` was typed with the Chinese input method; it would be published as literal text.", "“｛｛ county.members ｝｝”是在中文输入法下输入的，会被原样显示在页面上。"]
        ["Write half-width braces: `{{ county.members }}`.", "把全角大括号“｛｝”改为半角“{}”：`{{ county.members }}`。"];
    TAB_INDENT "QF0309" "tab-indent"
        ["A tab in the indentation", "缩进中有制表符"]
        ["YAML is indented with spaces only; a tab (the Tab key) is refused.", "YAML 只能用空格缩进，不能用制表符（Tab 键）。"]
        ["Replace the tab with spaces.", "把制表符改为空格。"];
    MISSING_COLON "QF0310" "missing-colon"
        ["A key without its colon", "键后面缺少冒号"]
        ["A line like `members 20` has no colon after its key, so YAML reads the whole line as text and reports an error on the line after it.", "`members 20` 这样的行在键后面没有冒号，YAML 把整行当作文字，并在下一行报错。"]
        ["Write a half-width colon and a space after the key: `members: 20`.", "在键后面写半角冒号和一个空格：`members: 20`。"];
    FULLWIDTH_SPACE "QF0311" "fullwidth-space"
        ["A full-width space after a colon or beside a number", "冒号后或数字旁有全角空格"]
        ["The full-width space U+3000 is not a space to YAML: `members:　20` is read as one piece of text, and `20　` is text, not a number.", "全角空格（U+3000）对 YAML 来说不是空格：`members:　20` 会被读成一段文字，`20　` 是文字而不是数字。"]
        ["Replace the full-width space after a colon with a half-width one, and delete it beside a number (`qingfeng check --fix` does this).", "把冒号后的全角空格改为半角空格，删去数字旁的全角空格（`qingfeng check --fix` 可自动修改）。"];

    // 04xx: data rules
    COUNT_OUT_OF_RANGE "QF0401" "count-out-of-range"
        ["A count is out of range", "人数超出范围"]
        ["Counts are whole numbers from 0 to 100000; a larger one is a typing slip.", "人数应为 0 到 100000 之间的整数，更大的数多半是输入错误。"]
        ["Check the figure against the source.", "对照原始材料核对该数字。"];
    PART_EXCEEDS_WHOLE "QF0402" "part-exceeds-whole"
        ["A part is more than its whole", "部分大于总数"]
        ["A group (women, say) is given as larger than the total it belongs to.", "某一类（例如女性）的人数大于它所属的总数。"]
        ["Check both figures against the source.", "对照原始材料核对两个数字。"];
    PARTS_DO_NOT_ADD_UP "QF0403" "parts-do-not-add-up"
        ["The groups do not add up to the members", "各组人数之和不等于总人数"]
        ["Every member is counted in exactly one group of a breakdown (by age, by education), but the groups' sum differs from `members`.", "每名成员在一种分组（按年龄、学历等）中只计一次，但各组之和与 `members` 不等。"]
        ["Correct the groups or the total so that they add up.", "修改各组人数或总人数，使其相加一致。"];
    IMPLAUSIBLE_AGE "QF0404" "implausible-age"
        ["An age is not plausible", "年龄不合常理"]
        ["An average age outside 18 to 80 years is a typing slip.", "平均年龄不在 18 到 80 岁之间，多半是输入错误。"]
        ["Check the figure against the source.", "对照原始材料核对该数字。"];
    INVALID_VALUE "QF0405" "invalid-value"
        ["A value breaks a rule of its field", "字段的值不符合规则"]
        ["A value is outside what its field allows: a date that does not exist, a term that ends before it starts, an empty name.", "值超出了字段允许的范围：不存在的日期、结束早于开始的任期、空名称等。"]
        ["Correct the value as the help line says.", "按建议修改该值。"];
    DUPLICATE_SLUG "QF0406" "duplicate-slug"
        ["Two counties have one slug", "两个县的拼音名相同"]
        ["Each county's slug becomes its page's address, so it must be unique.", "县的拼音名就是网页地址，必须唯一。"]
        ["Give each county its own slug.", "为每个县取不同的拼音名。"];
    CITY_MISSING "QF0407" "city-missing"
        ["content/city.yaml is missing", "缺少 content/city.yaml"]
        ["The city's name, year and date come from content/city.yaml.", "市名、年份和日期来自 content/city.yaml。"]
        ["Add content/city.yaml with at least `name:`, `year:` and `date:`.", "添加 content/city.yaml，至少写 `name:`、`year:` 和 `date:`。"];
    NO_COUNTY "QF0408" "no-county"
        ["The site holds no county", "网站中没有县"]
        ["content/counties/ holds no <slug>.yaml.", "content/counties/ 中没有任何 <拼音名>.yaml。"]
        ["Add a county; `qingfeng new county SLUG` writes one.", "添加县数据；`qingfeng new county 拼音名` 会生成一个。"];
    EMPTY_TITLE "QF0409" "empty-title"
        ["A page's title is empty", "页面标题为空"]
        ["The `title:` of an article's front matter is empty.", "报道头部信息中的 `title:` 为空。"]
        ["Write the page's title.", "填写页面标题。"];
    DUPLICATE_QUESTION_ID "QF0410" "duplicate-question-id"
        ["A question has no id or shares one", "问题缺少编号或编号重复"]
        ["Each question of the Q&A needs its own `id:`, which becomes its anchor.", "问答中的每个问题都需要唯一的 `id:`，用作页面锚点。"]
        ["Give each question its own `id:` of ASCII letters, digits, `-` and `_`.", "为每个问题写不同的 `id:`，只用英文字母、数字、“-”和“_”。"];
    PARTIAL_PREVIOUS "QF0411" "partial-previous"
        ["Some counties give no previous term", "部分县缺少上届数据"]
        ["The city's term-over-term changes can only be computed over the counties that give `previous:`.", "全市的换届变化只能根据写了 `previous:` 的县计算。"]
        ["Add `previous:` to those counties' data.", "为这些县补上 `previous:`。"];
    PARTIAL_TOTAL "QF0412" "partial-total"
        ["An optional count is given by only some counties", "可选人数只有部分县填写"]
        ["The city's total of a count is unknown unless every county gives it (a count left out is unknown, not 0).", "只有各县都填写时才能算出全市合计（未填写表示未知，不是 0）。"]
        ["Add it to those counties' data, or leave it out of every county.", "为这些县补上，或所有县都不填。"];
    REGION_WITHOUT_FIGURES "QF0413" "region-without-figures"
        ["A folder of counties has no _index.yaml", "县所在的文件夹缺少 _index.yaml"]
        ["Each folder under content/counties/ is a region (a province, a city) whose figures are in its own _index.yaml.", "content/counties/ 下的每个文件夹都是一个地区（省、市），它的数据写在文件夹里的 _index.yaml 中。"]
        ["Add _index.yaml to the folder with at least `name:`, `year:` and `date:` (`qingfeng new region` writes one), or move the counties out of it.", "在文件夹中添加 _index.yaml，至少写 `name:`、`year:` 和 `date:`（`qingfeng new region` 会生成一个），或把县移出这个文件夹。"];
    EMPTY_REGION "QF0414" "empty-region"
        ["A region holds no county", "地区中没有县"]
        ["A region's figures are the sums over the counties below it; a region without any has none.", "地区的数据是其下各县的合计；没有县的地区无数可算。"]
        ["Put the region's counties in its folder, or remove the folder.", "把该地区的县放进它的文件夹，或删去这个文件夹。"];
    DUPLICATE_REGION "QF0415" "duplicate-region"
        ["Two regions have one folder name", "两个地区的文件夹同名"]
        ["A region's folder name becomes its page's address (regions/<name>/), so it must be unique across the site and a valid address.", "地区文件夹名就是网页地址（regions/<文件夹名>/），必须在全站唯一，并且能用作网址。"]
        ["Rename one folder with lowercase ASCII letters, digits and '-', e.g. linfen.", "用小写英文字母、数字和“-”重命名其中一个文件夹，例如 linfen。"];

    DUPLICATE_NAME "QF0416" "duplicate-name"
        ["Two counties, or two regions, of one parent have one name", "同一上级下的两个县（或两个地区）同名"]
        ["Lists, rankings, breadcrumbs and search show a county or a region by its name; two of one name cannot be told apart.", "列表、排名、导航和搜索都以名称显示各县和各地区，两个同名的无法区分。"]
        ["Give each its real name; a copied file keeps the name of the one it was copied from.", "为每个县（地区）写上其正式名称；复制来的文件会保留原来那个的名称。"];
    PLACEHOLDER_NAME "QF0417" "placeholder-name"
        ["A county still has the placeholder name `new county` wrote", "县的名称仍是占位名称“新增县”"]
        ["`qingfeng new county` writes a placeholder (\"new county\" in Chinese) where the county's name goes, in its data and its narrative, until the editor writes the real one.", "`qingfeng new county` 在名称处写入“新增县”，在编辑改为正式名称之前，数据和正文中都是这个占位名称。"]
        ["Write the county's name in the .yaml and in the .md; `qingfeng new county SLUG --name NAME` writes it from the start.", "在 .yaml 和 .md 中改为正式名称；`qingfeng new county 拼音名 --name 安丘市` 可在新建时直接写入。"];

    // 05xx: Markdown and references
    UNRESOLVED_REFERENCE "QF0501" "unresolved-reference"
        ["A figure reference cannot be resolved", "数据引用无法解析"]
        ["A `{{ … }}` in the text names a figure that does not exist (a misspelled key, another county's slug), or one that has no value here: an optional count the data leaves out, a change without a previous term, or a share of a whole that is 0 (nobody promoted, a region without counties).", "正文中的 `{{ … }}` 引用了不存在的数据（键名拼错、县的拼音名有误等），或引用的数据在这里没有值：数据中未填写的可选人数、没有上届数据时的变化，或基数为 0 时的占比（没有提拔干部、地区下没有县）。"]
        ["Use a key the help line suggests; the keys are listed in docs/content-model.md. For a figure without a value, do as the help line says: fill in the data, or leave the figure out of the sentence (a share of 0 is undefined).", "改为建议中的键名；全部键名见 docs/content-model.md。对于没有值的数据，按建议处理：补全数据，或从句子中删去这个数据（基数为 0 时占比无意义）。"];
    MISSING_LOCAL_FILE "QF0502" "missing-local-file"
        ["A link or image points at a file that is not there", "链接或图片指向的文件不存在"]
        ["The Markdown links a file that is not beside it, or is outside content/.", "Markdown 链接的文件不在它旁边，或在 content/ 以外。"]
        ["Put the file where the link says, relative to the Markdown file, or correct the link.", "把文件放到链接所写的位置（相对于该 Markdown 文件），或改正链接。"];
    REFERENCE_BRACES "QF0503" "reference-braces"
        ["A figure reference has a brace too few or too many", "数据引用的大括号多了或少了"]
        ["A reference is written `{{ county.KEY }}`, two braces on each side, on one line; `{{ county.women }` or `{{ county.women }}}` would be published as typed.", "数据引用写作 `{{ county.键名 }}`，两边各两个大括号，且在同一行内；`{{ county.women }` 或 `{{ county.women }}}` 会被原样发布出去。"]
        ["Write the reference as the help line shows, e.g. `{{ county.women }}`.", "按建议改写引用，例如 `{{ county.women }}`。"];

    UNCLOSED_COMMENT "QF0504" "unclosed-comment"
        ["An HTML comment in the text is never closed", "正文中的 HTML 注释没有结束"]
        ["A line starts a comment with `<!--` (a note for the editors) and no `-->` follows it: everything after it, the note included, would be published as typed, without its paragraphs and headings.", "某行用 `<!--` 开始了注释（写给编辑的备注），但后面没有 `-->`：从这里起的全部内容，连同备注，都会原样发布，段落和标题也都没有了。"]
        ["End the note with `-->`, or delete it.", "在备注末尾加上 `-->`，或删去备注。"];
    TEMPLATE_STATEMENT "QF0505" "template-statement"
        ["A template statement in a page's text", "页面正文中有模板语句"]
        ["A narrative, an article or an answer holds `{% … %}` (an `if` or a `for` of the theme's templates); the text takes figure references `{{ … }}` only, so the statement would be published as typed.", "县的介绍、报道或问答中写了 `{% … %}`（主题模板用的 `if`、`for` 等语句）；正文只接受数据引用 `{{ … }}`，这样的语句会被原样发布出去。"]
        ["Write the sentence itself, and print each figure with a reference such as `{{ county.members }}`.", "直接写出句子，每个数字用 `{{ county.members }}` 这样的数据引用写出。"];

    // 06xx: templates and theme
    TEMPLATE_ERROR "QF0601" "template-error"
        ["A template of the theme failed", "主题模板出错"]
        ["A template has a syntax error, or uses a value that the page does not have.", "模板有语法错误，或用到了页面中没有的值。"]
        ["Correct the template at the line shown (docs/themes.md lists what each page gets), or remove your copy to use the built-in theme.", "修改所指行的模板（各页面可用的值见 docs/themes.md），或删去自己的副本改用内置主题。"];
    THEME_NOT_FOUND "QF0602" "theme-not-found"
        ["The theme is not found", "找不到主题"]
        ["site.toml names a theme that has no templates/ folder under themes/.", "site.toml 所写的主题在 themes/ 下没有 templates/ 文件夹。"]
        ["Correct `theme` in site.toml, or leave it out to use the built-in theme.", "改正 site.toml 中的 `theme`，或删去该行以使用内置主题。"];
    CHART_SETTINGS "QF0603" "chart-settings"
        ["The theme's chart settings are wrong", "主题的图表设置有误"]
        ["charts.toml or [charts] in site.toml has an unknown key or a colour that is not #rrggbb.", "charts.toml 或 site.toml 的 [charts] 中有未知的键，或颜色不是 #rrggbb 格式。"]
        ["See the comment at the top of the theme's charts.toml; write colours as \"#rrggbb\".", "参看主题 charts.toml 开头的说明；颜色写成 \"#rrggbb\"。"];
    NO_SUCH_PAGE "QF0604" "no-such-page"
        ["No such page", "没有这个页面"]
        ["The page asked for was removed while the preview ran.", "预览期间所请求的页面已被删除。"]
        ["Open the page from the site's list of pages.", "从网站的页面列表中重新打开。"];

    // 07xx: the output folder
    OUTPUT_IS_FILE "QF0701" "output-is-file"
        ["The output path is a file", "输出路径是一个文件"]
        ["output_dir (or --output) names a file, not a folder.", "output_dir（或 --output）指向文件而不是文件夹。"]
        ["Set output_dir to a folder, e.g. `public`.", "把 output_dir 设为文件夹，例如 `public`。"];
    OUTPUT_CONTAINS_SITE "QF0702" "output-contains-site"
        ["The output folder is the site root or contains it", "输出文件夹是网站根目录或包含它"]
        ["Writing there would mix the built pages with the site's sources.", "写到那里会把生成的网页和网站源文件混在一起。"]
        ["Choose an output_dir inside the site, e.g. `public`.", "选择网站内的输出文件夹，例如 `public`。"];
    OUTPUT_HOLDS_SOURCES "QF0703" "output-holds-sources"
        ["The output folder holds a site's sources", "输出文件夹中有网站源文件"]
        ["The output folder holds site.toml or content/.", "输出文件夹中有 site.toml 或 content/。"]
        ["Choose another output_dir.", "另选一个输出文件夹。"];
    OUTPUT_FOREIGN_FILES "QF0704" "output-foreign-files"
        ["The output folder holds files qingfeng did not make", "输出文件夹中有不是 qingfeng 生成的文件"]
        ["qingfeng never deletes what it did not write, so it will not build into a folder with other files.", "qingfeng 从不删除不是它写的文件，因此不会写入有其他文件的文件夹。"]
        ["Choose another output_dir, or move those files away.", "另选输出文件夹，或把这些文件移走。"];
    FOLDER_IN_THE_WAY "QF0705" "folder-in-the-way"
        ["A folder stands where a file of the site goes", "文件的位置上有一个文件夹"]
        ["A folder in the output has the name of a page or file the site writes, and holds something qingfeng did not write (a folder of the last build holding only its files is replaced by the file).", "输出中某个文件夹与网站要写的文件同名，且其中有不是 qingfeng 写的内容（只含上次构建所写文件的文件夹会被该文件替换）。"]
        ["Move the folder, or what you put in it, away and build again.", "移走该文件夹或您放入其中的内容后重新构建。"];
    FILE_IN_THE_WAY "QF0706" "file-in-the-way"
        ["A file stands where a folder of the site goes", "文件夹的位置上有一个文件"]
        ["A file in the output has the name of a folder the site writes.", "输出中某个文件与网站要写的文件夹同名。"]
        ["Move the file away and build again.", "移走该文件后重新构建。"];
    PATH_ESCAPES "QF0707" "path-escapes"
        ["A generated path would leave the output folder", "生成的路径会超出输出文件夹"]
        ["A page or static file of the theme has a path with `..` or an absolute path.", "主题的页面或静态文件路径中有“..”或绝对路径。"]
        ["Rename the file in the theme.", "重命名主题中的该文件。"];
    WINDOWS_NAME "QF0708" "windows-name"
        ["A path holds a name Windows cannot have", "路径中有 Windows 不允许的名称"]
        ["Names like `con`, `aux`, or with `:` `?` `*`, cannot be files on Windows.", "像 `con`、`aux` 这样的名称，或含 `:` `?` `*` 的名称，在 Windows 上不能作为文件名。"]
        ["Rename the file (a theme's static file, most likely) so that the site builds on every computer.", "重命名该文件（多半是主题的静态文件），使网站在每台电脑上都能构建。"];
    HELD_OPEN "QF0709" "held-open"
        ["A file of the output is held open by another program", "输出文件被其他程序占用"]
        ["On Windows, a file open in another program (a browser, an editor, a virus scanner) cannot be replaced.", "在 Windows 上，被其他程序（浏览器、编辑器、杀毒软件）打开的文件不能被替换。"]
        ["Close the program and build again.", "关闭该程序后重新构建。"];
    OUTPUT_LOCKED "QF0710" "output-locked"
        ["Another qingfeng is writing the output folder", "另一个 qingfeng 正在写入输出文件夹"]
        ["Two builds at once would mix their files; the second waits for a lock that the first holds.", "两个构建同时写入会混杂文件，后一个要等前一个释放锁。"]
        ["Wait for the other build to finish; if none is running, delete the lock file named in the message.", "等另一个构建结束；若没有在运行的构建，删除提示中所说的锁文件。"];
    DUPLICATE_OUTPUT "QF0711" "duplicate-output"
        ["The build made one path twice", "构建生成了重复的路径"]
        ["A static file (the site's or the theme's) has the path of a page, stands where the site writes a folder (`static/data` where `data/` goes) or sits in a folder where it writes a file, or two paths differ only in case.", "静态文件（网站的或主题的）与某个页面同路径，或占了网站要写的文件夹的位置（`static/data` 占了 `data/`），或放在网站要写成文件的路径下，或两个路径只有大小写不同。"]
        ["Rename or move the static file named in the message.", "重命名或移动提示中所说的静态文件。"];
    WRITE_FAILED "QF0712" "write-failed"
        ["Writing the output failed", "写入输出失败"]
        ["A writing thread stopped unexpectedly.", "写入线程意外停止。"]
        ["Build again; if it recurs, report it.", "重新构建；如果反复出现，请反馈给开发者。"];
    OUTPUT_INSIDE_SOURCES "QF0713" "output-inside-sources"
        ["The output folder is inside a folder qingfeng reads", "输出文件夹在 qingfeng 读取的文件夹之中"]
        ["output_dir (or --output) is inside content/, static/, templates/ or the theme's folder, so each build would read the previous one's output as sources (a copy of the site inside the site, growing each time).", "output_dir（或 --output）在 content/、static/、templates/ 或主题文件夹之中，每次构建都会把上一次的输出当作源文件读入（网站里套着网站，越来越大）。"]
        ["Choose an output folder outside them, e.g. output_dir = \"public\".", "另选这些文件夹以外的输出文件夹，例如 output_dir = \"public\"。"];
    OUTPUT_INTERRUPTED "QF0714" "output-interrupted"
        ["The last build was killed while putting its files in place", "上一次构建在放入文件时被强行终止"]
        ["A build killed that way (a power cut, kill -9) leaves the output folder part old, part new until the next build completes it.", "这样终止的构建（断电、kill -9）会使输出文件夹一部分是旧网站、一部分是新网站，直到下一次构建把它补全。"]
        ["Run `qingfeng build` before publishing the folder.", "发布该文件夹之前，请先运行 `qingfeng build`。"];

    // 08xx: images and fonts
    FONT_NOT_FOUND "QF0801" "font-not-found"
        ["The font in [images] is not a file in the site", "[images] 中的字体文件不存在"]
        ["`font` under [images] names a file that is not in the site's folder.", "[images] 的 `font` 所指的文件不在网站文件夹中。"]
        ["Give the font file's path from the site's folder, or leave it out to use the system's CJK font.", "写出字体文件相对于网站文件夹的路径，或删去该行以使用系统的中文字体。"];
    NO_CJK_FONT "QF0802" "no-cjk-font"
        ["No Chinese font found: no images were made", "找不到中文字体，未生成图片"]
        ["The share image, link-preview cards and charts' PNGs need a font that draws Chinese.", "分享图、链接预览卡片和图表 PNG 需要能显示中文的字体。"]
        ["Install a CJK font (e.g. Noto Sans CJK SC) or name one in [images] font, then build again.", "安装中文字体（如思源黑体 Noto Sans CJK SC），或在 [images] font 中指定字体文件，然后重新构建。"];
    UNREADABLE_FONT "QF0803" "unreadable-font"
        ["The font cannot be read or draws no Chinese", "字体无法读取或不含中文"]
        ["The file in [images] font is not a .ttf, .otf or .ttc font, or has no Chinese characters.", "[images] font 指定的文件不是 .ttf、.otf 或 .ttc 字体，或不含中文字形。"]
        ["Name a Chinese .ttf, .otf or .ttc font.", "指定一个中文 .ttf、.otf 或 .ttc 字体。"];
    MISSING_GLYPHS "QF0804" "missing-glyphs"
        ["The font lacks characters the images need", "字体缺少图片所需的字"]
        ["A county or title has a rare character the chosen font does not have.", "县名或标题中有所选字体没有的生僻字。"]
        ["Name a font that has them in [images] font, or write the text without them.", "在 [images] font 中指定含有这些字的字体，或改写文字。"];
    IMAGE_NOT_DRAWN "QF0805" "image-not-drawn"
        ["An image could not be drawn", "图片无法生成"]
        ["Drawing or encoding a PNG failed.", "绘制或编码 PNG 时出错。"]
        ["Build again; if it recurs, report it with the message.", "重新构建；如果反复出现，请连同提示反馈给开发者。"];

    // 09xx: check's copy rules
    PINYIN_GLOSS "QF0901" "pinyin-gloss"
        ["Pinyin glosses in the text", "正文中夹有拼音注音"]
        ["Text copied from a rewritten mirror site carries pinyin in brackets after the characters.", "从改写过的转载网站复制的文字在汉字后带有拼音，如“换届(huàn jiè)”。"]
        ["Delete the glosses (`qingfeng check --fix` does this) and check the text against the official source.", "删去拼音（`qingfeng check --fix` 可自动修改），并对照官方原文核对。"];
    DOUBLED_PUNCTUATION "QF0902" "doubled-punctuation"
        ["Doubled punctuation", "标点重复"]
        ["A punctuation mark is typed twice, e.g. `。。` or `，，`.", "同一标点连打了两次，如“。。”“，，”。"]
        ["Keep one (`qingfeng check --fix` does this).", "只保留一个（`qingfeng check --fix` 可自动修改）。"];
    HALFWIDTH_PUNCTUATION "QF0903" "halfwidth-punctuation"
        ["Half-width punctuation in Chinese text", "中文正文中用了半角标点"]
        ["A half-width `,` `.` `:` `;` `?` `!` or `()` stands between Chinese characters.", "汉字之间出现了半角的“,”“.”“:”“;”“?”“!”或“()”。"]
        ["Use the full-width mark (`qingfeng check --fix` does this).", "改为全角标点（`qingfeng check --fix` 可自动修改）。"];
    UNPAIRED_BRACKET "QF0904" "unpaired-bracket"
        ["An unpaired bracket or quotation mark", "括号或引号不成对"]
        ["An opening `（` `“` `《` has no closing mark, or the reverse.", "有“（”“《”或左引号而没有对应的右半边，或反之。"]
        ["Add the missing half or delete the stray one.", "补上缺少的一半，或删去多余的一个。"];
    TRADITIONAL_CHAR "QF0905" "traditional-char"
        ["A Traditional character in Simplified text", "简体正文中有繁体字"]
        ["Text pasted from a Traditional source, or typed with a Traditional input method.", "从繁体来源粘贴，或用繁体输入法输入。"]
        ["Replace each with its Simplified form (`qingfeng check --fix` does the unambiguous ones).", "改为对应的简体字（无歧义的可由 `qingfeng check --fix` 自动修改）。"];
    EMPHASIS_PUNCTUATION "QF0906" "emphasis-punctuation"
        ["Emphasis that Markdown does not see", "Markdown 没有识别的强调"]
        ["`**` next to Chinese punctuation is not read as emphasis, so the asterisks are published.", "紧挨中文标点的 `**` 不被识别为加粗，星号会原样发布。"]
        ["Move the punctuation outside the asterisks (`qingfeng check --fix` does this).", "把标点移到星号外面（`qingfeng check --fix` 可自动修改）。"];
    SPACE_BETWEEN_CJK_DIGIT "QF0907" "space-between-cjk-digit"
        ["A space between a Chinese character and a number", "汉字与数字之间有空格"]
        ["Chinese house style writes numbers next to characters without a space.", "中文排版中数字与汉字之间不加空格，如“共17个县”。"]
        ["Delete the space (`qingfeng check --fix` does this).", "删去空格（`qingfeng check --fix` 可自动修改）。"];
    SHARE_MISMATCH "QF0908" "share-mismatch"
        ["A share in the text differs from the data", "正文中的比例与数据不符"]
        ["A percentage in the text does not match the share computed from the county's counts.", "正文中的百分比与根据县数据算出的比例不一致。"]
        ["Write the share from the data, or use the `{{ … }}` reference that prints it.", "改为数据算出的比例，或使用输出该比例的 `{{ … }}` 引用。"];
    FIGURE_MISMATCH "QF0909" "figure-mismatch"
        ["A figure in the text differs from the data", "正文中的数字与数据不符"]
        ["A count in the text does not match the county's data.", "正文中的人数与县数据不一致。"]
        ["Write the figure from the data, or use the `{{ … }}` reference that prints it.", "改为数据中的数字，或使用输出该数字的 `{{ … }}` 引用。"];
    HAND_TYPED_FIGURE "QF0910" "hand-typed-figure"
        ["A figure typed by hand", "手工输入的数字"]
        ["A figure of the data is typed into the text, so it will not follow when the data changes.", "正文中手工写了数据中的数字，数据更新后它不会跟着变。"]
        ["Use the `{{ … }}` reference (`qingfeng check --fix-figures` does this).", "改用 `{{ … }}` 引用（`qingfeng check --fix-figures` 可自动修改）。"];
    STALE_COLUMN "QF0911" "stale-column"
        ["The column has not been updated for a long time", "栏目很久没有更新"]
        ["The newest date of the site is older than `stale_after_days` (default 30).", "网站最新的日期早于 `stale_after_days`（默认 30 天）。"]
        ["Publish an update, or set `stale_after_days` under [check] in site.toml.", "发布更新，或在 site.toml 的 [check] 中设置 `stale_after_days`。"];
    UNUSED_SUPPRESSION "QF0912" "unused-suppression"
        ["A suppression suppresses nothing", "忽略标记没有作用"]
        ["A `qingfeng-ignore` comment, `check_ignore` or [check] allow names a rule or text where nothing is found.", "`qingfeng-ignore` 注释、`check_ignore` 或 [check] allow 所指的规则或文字处没有任何问题。"]
        ["Remove it, so that it does not hide a finding added later.", "删去它，以免以后掩盖新出现的问题。"];

    // 10xx: links
    BROKEN_LINK "QF1001" "broken-link"
        ["A link points at no page or file of the site", "链接指向的页面或文件不存在"]
        ["A link in the text or the theme names a page, file or #id that the built site does not have.", "正文或主题中的链接指向网站中不存在的页面、文件或 #锚点。"]
        ["Point the link at a page or file of the site, or at an id on that page.", "把链接改为网站中存在的页面、文件或锚点。"];
    EXTERNAL_LINK "QF1002" "external-link"
        ["An external link does not work", "外部链接无法访问"]
        ["`check --external` asked the address and got an error, a redirect loop or no answer.", "`check --external` 访问该地址时出错、循环跳转或没有响应。"]
        ["Correct or remove the link, or link an archived copy.", "改正或删去链接，或改为存档页面的链接。"];
    EXTERNAL_FAILED "QF1003" "external-failed"
        ["External links could not be checked", "无法检查外部链接"]
        ["The cache or the TLS settings of `check --external` could not be used.", "`check --external` 的缓存或 TLS 设置无法使用。"]
        ["Follow the message; run `qingfeng check` without --external meanwhile.", "按提示处理；在此之前可先不加 --external 运行 `qingfeng check`。"];
    DUPLICATE_ID "QF1004" "duplicate-id"
        ["Two elements of a page have the same id", "页面上有两个元素的 id 相同"]
        ["The theme's templates give one id to two elements of a page (often a partial included twice); a link to it reaches only the first, and the page is not valid HTML.", "主题模板给同一页面的两个元素写了相同的 id（常见于一个片段模板被包含两次）；链接只能到达第一个，页面也不是有效的 HTML。"]
        ["Give each element its own id in the templates.", "在模板中让每个元素的 id 各不相同。"];

    // 11xx: import and export
    IMPORT_UNREADABLE "QF1101" "import-unreadable"
        ["The spreadsheet cannot be read", "无法读取表格"]
        ["The file is not .xlsx, .xls, .ods or .csv, is damaged, or has no sheet of counties.", "文件不是 .xlsx、.xls、.ods 或 .csv，已损坏，或没有各县数据表。"]
        ["Save the table again from Excel or WPS as .xlsx or .csv, or start from `qingfeng export`.", "在 Excel 或 WPS 中重新另存为 .xlsx 或 .csv，或从 `qingfeng export` 生成的模板开始填写。"];
    IMPORT_CELL "QF1102" "import-cell"
        ["A cell of the spreadsheet is not valid", "表格中某个单元格有误"]
        ["A cell holds a value its column does not take, a row names no county, a new county's level or region cell names no region of the site (or several), or the header row is missing.", "单元格的值不符合该列要求、某行没有县名、新增县的地区列（市、地区等）对应不到网站中的地区（或对应到多个），或缺少表头行。"]
        ["Correct the cell named (sheet!column row); nothing is written until the whole table is valid.", "改正提示中的单元格（表名!列行）；整张表无误后才会写入。"];
    IMPORT_DUPLICATE_COLUMN "QF1103" "import-duplicate-column"
        ["Two columns of the spreadsheet name one field", "表格中两列对应同一字段"]
        ["A column was copied, or two headers name the same field.", "某列被复制了一份，或两个表头对应同一字段。"]
        ["Delete one of the columns.", "删去其中一列。"];
    IMPORT_UNKNOWN_COLUMN "QF1104" "import-unknown-column"
        ["A column of the spreadsheet is not a field", "表格中某列不是县数据字段"]
        ["The header names no field of a county; the column is ignored.", "表头不对应任何字段，该列被忽略。"]
        ["Use the headers of `qingfeng export`'s template.", "使用 `qingfeng export` 模板中的表头。"];
    EXPORT_BAD_FILE "QF1105" "export-bad-file"
        ["export cannot write that file", "export 不能写入该文件"]
        ["The file is not .xlsx or .csv, or already exists.", "文件不是 .xlsx 或 .csv，或已经存在。"]
        ["Name a new .xlsx or .csv file, or pass --force to overwrite.", "另写一个 .xlsx 或 .csv 文件名，或加 --force 覆盖。"];
    IMPORT_TOTAL_ROW "QF1106" "import-total-row"
        ["A total row of the spreadsheet is left out", "表格中的合计行未导入"]
        ["A row's slug or name cell labels a total or a subtotal of the counties, as the column's own tables have at the bottom; such a row is no county.", "某行的 slug 或“名称”单元格写的是合计、总计、小计或全市：这一行是各县之和（栏目发布的表格常有这一行），不是一个县。"]
        ["Nothing to do: qingfeng adds up the counties itself. To have a stated total checked, write it under `expected:` in content/city.yaml.", "无需处理：qingfeng 会自行把各县数字相加。要核对栏目公布的合计，请写在 content/city.yaml 的 `expected:` 下。"];

    // 12xx: commands and serve
    BAD_SLUG "QF1201" "bad-slug"
        ["Not a valid slug", "拼音名无效"]
        ["A slug becomes a page's folder name, so it takes lowercase ASCII letters, digits and '-'.", "拼音名是网页的文件夹名，只能用小写英文字母、数字和“-”。"]
        ["Write the slug in lowercase pinyin, e.g. `yaodu`; for a name typed with capitals, spaces or '_', the help line gives the slug meant (`Yang_Cheng`: `yang-cheng`).", "用小写拼音，例如 `yaodu`；名字里有大写字母、空格或“_”时，帮助行会给出应写的拼音名（`Yang_Cheng` 应写作 `yang-cheng`）。"];
    ALREADY_EXISTS "QF1202" "already-exists"
        ["The file or folder already exists", "文件或文件夹已存在"]
        ["qingfeng does not overwrite files it did not make, nor make a site in a folder that is not empty.", "qingfeng 不覆盖不是它生成的文件，也不在非空文件夹中新建网站。"]
        ["Choose another name or an empty folder.", "换一个名称或一个空文件夹。"];
    CANNOT_LISTEN "QF1203" "cannot-listen"
        ["serve cannot listen on the port", "serve 无法监听端口"]
        ["Another program (another `qingfeng serve`?) uses the port, or the address is not this machine's.", "端口被其他程序（另一个 `qingfeng serve`？）占用，或地址不属于本机。"]
        ["Pass --port N for another port, or --port 0 for any free one.", "加 --port N 换一个端口，或 --port 0 自动选择空闲端口。"];
    SERVE_FAILED "QF1204" "serve-failed"
        ["serve could not start", "serve 无法启动"]
        ["The system refused a thread or the Ctrl-C handler.", "系统拒绝创建线程或 Ctrl-C 处理程序。"]
        ["Run serve again; if it recurs, report it with the message.", "重新运行 serve；如果反复出现，请连同提示反馈给开发者。"];
    BAD_TODAY "QF1205" "bad-today"
        ["QINGFENG_TODAY is not a date", "QINGFENG_TODAY 不是日期"]
        ["The variable that sets \"today\" for `check` holds something else.", "为 `check` 设定“今天”的环境变量值不是日期。"]
        ["Write YYYY-MM-DD, e.g. 2016-08-20, or unset it.", "写成 YYYY-MM-DD 格式，例如 2016-08-20，或取消该变量。"];
    UNKNOWN_CODE "QF1206" "unknown-code"
        ["Not a qingfeng code", "不是 qingfeng 的代码"]
        ["`qingfeng explain` was given a code that is not in the catalog.", "`qingfeng explain` 收到的代码不在列表中。"]
        ["Run `qingfeng explain --list` to list the codes.", "运行 `qingfeng explain --list` 列出全部代码。"];
    BAD_COMMAND_LINE "QF1207" "bad-command-line"
        ["The command line is not valid", "命令行有误"]
        ["An unknown command or flag, a flag without its value, or a value the flag does not take; the detail after the message is clap's, in English.", "命令或选项不存在、选项缺少取值，或取值不被接受；提示后面的详细说明来自命令行解析库 clap，为英文。"]
        ["Run `qingfeng --help` or `qingfeng COMMAND --help` for the commands and flags.", "运行 `qingfeng --help` 或 `qingfeng 命令 --help` 查看命令和选项。"];
    FIX_NOT_WRITTEN "QF1208" "fix-not-written"
        ["check --fix left a file unchanged", "check --fix 未修改某个文件"]
        ["The fixes would have made a YAML file that no longer parses, so none of them was written.", "修正后 YAML 文件将无法解析，因此该文件的修正都没有写入。"]
        ["Fix the problems `qingfeng check` lists in that file by hand.", "按 `qingfeng check` 列出的问题手动修改该文件。"];
    SERVE_PUBLIC "QF1209" "serve-public"
        ["serve listens beyond this machine", "serve 对本机以外开放"]
        ["--bind names an address other machines can reach, so anyone on the network can read the unpublished preview.", "--bind 指定的地址可从其他机器访问，网络上的任何人都能看到尚未发布的预览。"]
        ["Leave out --bind to listen on 127.0.0.1 only, unless the preview is meant to be shared.", "除非有意共享预览，否则去掉 --bind，只监听 127.0.0.1。"];
    NO_BROWSER "QF1210" "no-browser"
        ["serve --open cannot open a browser", "serve --open 无法打开浏览器"]
        ["The system's program for opening addresses (xdg-open, open or start) is missing or failed.", "系统用于打开网址的程序（xdg-open、open 或 start）不存在或运行失败。"]
        ["Open the address serve prints in a browser yourself.", "在浏览器中手动打开 serve 显示的网址。"];
    BAD_LEVELS "QF1211" "bad-levels"
        ["init --levels is not a list of levels from the root down to the counties", "init --levels 不是从最高一级到县的级别列表"]
        ["The levels go from the site's root down to the counties, separated by commas, each once, ending with county. The levels qingfeng knows, country, province, city, county, go in that order; a level of another name is written in Chinese and stands above the counties.", "级别从网站的最高一级写到县，用逗号分隔，每级只写一次，最后一级是县。qingfeng 认识的级别 国、省、市、县（country、province、city、county）按这个顺序写；其他名称的级别用中文写（如片区），放在县的上面。"]
        ["Write e.g. `--levels province,city,county`, or the levels' Chinese names with one of your own above the counties; a region of another level can also be added later with `qingfeng new region SLUG --in REGION --level NAME`.", "例如写 `--levels province,city,county` 或 `省,市,片区,县`；以后也可以用 `qingfeng new region 拼音名 --in 上级地区 --level 片区` 添加其他级别的地区。"];
}

/// `docs/codes.md`: every code with its cause and fix, in both languages.
pub fn markdown() -> String {
    let mut out = String::from(
        "<!-- Made from src/messages/catalog.rs; regenerate with \
         `QINGFENG_BLESS=1 cargo test --test suite codes`. -->\n\
         # Diagnostic codes · 提示代码\n\n\
         Every error and warning qingfeng prints carries a code, e.g. `error[QF0301]`. \
         `qingfeng explain QF0301` prints the cause and the fix; `qingfeng explain --list` \
         lists every code.\n\n\
         qingfeng 的每条错误和警告都带有代码，例如 `错误[QF0301]`。\
         运行 `qingfeng explain QF0301` 可查看原因和解决办法，\
         `qingfeng explain --list` 列出全部代码。\n",
    );
    let mut area = "";
    for e in CATALOG.iter().filter(|e| e.code != "QF0000") {
        let this = area_of(e.code);
        if this != area {
            area = this;
            out.push_str(&format!("\n## {area}\n"));
        }
        out.push_str(&format!(
            "\n### {} `{}`\n\n**{}** · **{}**\n\n\
             - Cause: {}\n- Fix: {}\n- 原因：{}\n- 解决办法：{}\n",
            e.code, e.name, e.message[0], e.message[1], e.cause[0], e.fix[0], e.cause[1], e.fix[1]
        ));
    }
    out
}

/// The heading of a code's area in `docs/codes.md`.
fn area_of(code: &str) -> &'static str {
    match code.get(2..4).unwrap_or("") {
        "00" => "Reading and writing files · 读写文件",
        "01" => "site.toml · 网站设置",
        "02" => "Content files and YAML · 内容文件与 YAML",
        "03" => "Chinese-keyboard slips · 中文输入法误输入",
        "04" => "Data rules · 数据规则",
        "05" => "Markdown and figure references · Markdown 与数据引用",
        "06" => "Templates and theme · 模板与主题",
        "07" => "The output folder · 输出文件夹",
        "08" => "Images and fonts · 图片与字体",
        "09" => "check: copy-editing rules · check 校对规则",
        "10" => "Links · 链接",
        "11" => "Import and export · 导入与导出",
        _ => "Commands and serve · 命令与预览",
    }
}

#[cfg(test)]
mod tests {
    use super::super::has_han;
    use super::*;

    #[test]
    fn every_code_has_both_languages() {
        for e in CATALOG {
            for (what, [en, zh]) in [("message", e.message), ("cause", e.cause), ("fix", e.fix)] {
                assert!(!en.trim().is_empty(), "{} {what}: no English", e.code);
                assert!(
                    !has_han(en),
                    "{} {what}: Han characters in the English: {en}",
                    e.code
                );
                assert!(has_han(zh), "{} {what}: no Chinese: {zh}", e.code);
            }
        }
    }

    #[test]
    fn codes_are_unique_ordered_and_named_in_kebab_case() {
        for pair in CATALOG.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<&str> = CATALOG.iter().map(|e| e.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CATALOG.len(), "two codes share a name");
        for e in CATALOG {
            assert_eq!(e.code.len(), 6, "{}", e.code);
            assert!(e.code.starts_with("QF") && e.code[2..].bytes().all(|b| b.is_ascii_digit()));
            assert!(
                e.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                e.name
            );
        }
    }

    #[test]
    fn codes_are_found_as_users_write_them() {
        assert_eq!(find("QF0301").map(|e| e.name), Some("fullwidth-colon"));
        assert_eq!(find("qf0301").map(|e| e.name), Some("fullwidth-colon"));
        assert_eq!(find("0301").map(|e| e.name), Some("fullwidth-colon"));
        assert!(find("QF9999").is_none());
        assert_eq!(FULLWIDTH_COLON.entry().name, "fullwidth-colon");
        assert_eq!(FULLWIDTH_COLON.to_string(), "QF0301");
        assert_eq!(CANNOT_READ.to_string(), "QF0001");
        assert_eq!(UNKNOWN_CODE.to_string(), "QF1206");
        for e in CATALOG {
            assert_eq!(Code::parse(e.code).to_string(), e.code);
        }
    }
}
