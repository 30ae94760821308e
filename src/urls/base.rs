//! The site's address (`base_url`) and the permalink patterns of
//! `site.toml`, checked once when the config is read; every URL of the site
//! is made from them (see the parent module).

/// The site's public address, split so pages can link root-relatively under
/// a sub-path (`https://example.org/blog/` → origin + `/blog/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash: `https://example.org`.
    pub origin: String,
    /// The path under which the site is served, starting and ending with `/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses an absolute `http(s)://host[:port][/path]` address.
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url `{text}` must start with https:// or http://"))?;
        let scheme_len = text.len() - rest.len();
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(['?', '#', ' ', '@']) {
            return Err(format!("base_url `{text}` has no valid host"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "base_url `{text}` may not hold a query or fragment"
            ));
        }
        let path = if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        Ok(BaseUrl {
            origin: format!("{}{}", &text[..scheme_len], host),
            path,
        })
    }

    /// The absolute URL of a root-relative `url` (one that starts with `path`).
    pub fn absolute(&self, url: &str) -> String {
        [self.origin.as_str(), url].concat()
    }
}

/// Whether `pattern` (`permalink`, `page_permalink` of `site.toml`) is one
/// [`article`](super::Urls::article) and [`page_permalink`] can expand: it
/// starts with `/`, holds `{slug}`, and only the known placeholders.
pub fn check_permalink(pattern: &str) -> Result<(), String> {
    if !pattern.starts_with('/') {
        return Err(format!("permalink `{pattern}` must start with `/`"));
    }
    if !pattern.contains("{slug}") {
        return Err(format!("permalink `{pattern}` must contain {{slug}}"));
    }
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        let end = rest[i..]
            .find('}')
            .ok_or_else(|| format!("permalink `{pattern}` has an unclosed `{{`"))?;
        let name = &rest[i + 1..i + end];
        if !["lang", "year", "month", "day", "slug"].contains(&name) {
            return Err(format!(
                "permalink `{pattern}`: unknown placeholder {{{name}}} (use lang, year, month, day, slug)"
            ));
        }
        rest = &rest[i + end..];
    }
    if pattern.split('/').any(|s| s == ".." || s == ".") {
        return Err(format!(
            "permalink `{pattern}` may not contain `.` or `..` segments"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_the_sub_path() {
        let b = BaseUrl::parse("https://example.org/blog").unwrap();
        assert_eq!(b.origin, "https://example.org");
        assert_eq!(b.path, "/blog/");
        assert_eq!(BaseUrl::parse("http://localhost:1111").unwrap().path, "/");
        assert!(BaseUrl::parse("example.org").is_err());
    }

    #[test]
    fn permalinks_take_the_known_placeholders_only() {
        assert!(check_permalink("/{lang}/{year}/{month}/{slug}/").is_ok());
        assert!(
            check_permalink("{slug}")
                .unwrap_err()
                .contains("start with `/`")
        );
        assert!(check_permalink("/{lang}/").unwrap_err().contains("{slug}"));
        assert!(
            check_permalink("/{week}/{slug}/")
                .unwrap_err()
                .contains("unknown placeholder")
        );
        assert!(check_permalink("/../{slug}/").unwrap_err().contains(".."));
    }
}
