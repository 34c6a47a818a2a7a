<?php
/**
 * Writes an API-form siteinfo (the JSON of action=query&meta=siteinfo) for one content
 * language, from a locally installed MediaWiki's localisation (namespaces, namespace aliases,
 * magic words with synonyms, special-page aliases, link trail, direction), for a wiki whose
 * API answer we do not have.  What no language file holds (extension tags, function hooks,
 * variables, behaviour switches, protocols, interwiki map) is copied from a template siteinfo
 * of another Wikimedia wiki, with its own-project interwiki URLs moved to the new language.
 *
 * usage: php siteinfo_from_mediawiki.php LANG DBNAME TEMPLATE.json [NS_JSON] > out.json
 *   NS_JSON: {"4": "Уикипедия", ...} namespace names that override the local install's
 *   (take them from the wiki's dump <siteinfo>).
 */
$mw = '/usr/share/mediawiki';
$args = array_slice( $argv, 1 );
$argv = [ $argv[0] ];
require_once "$mw/maintenance/Maintenance.php";

use MediaWiki\MediaWikiServices;

class SiteinfoFromMediaWiki extends Maintenance {
	public function execute() {
		$args = $GLOBALS['siteinfoArgs'];
		[ $code, $dbname, $templatePath ] = $args;
		$nsOverride = isset( $args[3] ) ? json_decode( $args[3], true ) : [];
		$tpl = json_decode( file_get_contents( $templatePath ), true )['query'];
		$lang = MediaWikiServices::getInstance()->getLanguageFactory()->getLanguage( $code );
		$host = "$code.wikipedia.org";
		$namespaces = [];
		foreach ( $tpl['namespaces'] as $id => $ns ) {
			$name = $nsOverride[(string)$id] ?? ( $lang->getNsText( (int)$id ) ?: $ns['name'] );
			$ns['name'] = (int)$id === 0 ? '' : $name;
			$namespaces[$id] = $ns;
		}
		$aliases = [];
		foreach ( $lang->getNamespaceAliases() as $alias => $id ) {
			$aliases[] = [ 'id' => $id, 'alias' => str_replace( '_', ' ', $alias ) ];
		}
		$magic = [];
		foreach ( $tpl['magicwords'] as $word ) {
			$syn = $lang->getMagicWords()[$word['name']] ?? null;
			if ( $syn ) {
				$word['case-sensitive'] = (bool)$syn[0];
				$word['aliases'] = array_values( array_unique( array_merge(
					array_slice( $syn, 1 ), $word['aliases'] ) ) );
			}
			$magic[] = $word;
		}
		$special = [];
		foreach ( $lang->getSpecialPageAliases() as $real => $list ) {
			$special[] = [ 'realname' => $real, 'aliases' => $list ];
		}
		$interwiki = [];
		foreach ( $tpl['interwikimap'] as $entry ) {
			if ( !isset( $entry['language'] ) ) {
				$entry['url'] = preg_replace( '#^https://en\.(wik[a-z]+\.org)/#', "https://$code.$1/",
					$entry['url'] );
			}
			$interwiki[] = $entry;
		}
		$general = $tpl['general'];
		$general['lang'] = $code;
		$general['wikiid'] = $dbname;
		$general['rtl'] = $lang->isRTL();
		$general['linktrail'] = $lang->linkTrail();
		$general['linkprefixcharset'] = $lang->linkPrefixCharset();
		$general['server'] = "//$host";
		$general['servername'] = $host;
		$general['base'] = "https://$host/wiki/";
		$general['sitename'] = $nsOverride['4'] ?? $general['sitename'];
		$out = [ 'query' => [
			'general' => $general, 'namespaces' => $namespaces, 'namespacealiases' => $aliases,
			'magicwords' => $magic, 'specialpagealiases' => $special, 'interwikimap' => $interwiki,
			'extensiontags' => $tpl['extensiontags'], 'functionhooks' => $tpl['functionhooks'],
			'variables' => $tpl['variables'], 'doubleunderscores' => $tpl['doubleunderscores'],
			'protocols' => $tpl['protocols'], 'languagevariants' => [],
		] ];
		echo json_encode( $out, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT ) . "\n";
	}
}
$maintClass = SiteinfoFromMediaWiki::class;
$GLOBALS['siteinfoArgs'] = $args;
require_once RUN_MAINTENANCE_IF_MAIN;
