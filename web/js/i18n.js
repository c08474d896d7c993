// Interface strings in English, French and Spanish, and the UI language
// (the ui_lang URL parameter, English by default).
import { $ } from "./dom.js";

export const STRINGS = {
  en: {
    brand: "m4d-search", skipToResults: "Skip to results", searchHeading: "Migration and development practices",
    searchLabel: "Search practices", searchPlaceholder: "e.g. financial literacy for remittance families",
    searchButton: "Search", language: "Language", sortBy: "Sort by", sortRelevance: "Relevance", sortTitle: "Title",
    sortDate: "Date", exportCsv: "Export CSV", back: "← Back to results", similar: "Similar practices",
    footer: "Sources: JMDI publications; SDG targets from the UN.", results: (n, ms) => `${n} result${n === 1 ? "" : "s"} (${ms} ms)`,
    noResults: "No results. Try fewer words or remove a filter.", didYouMean: "Showing results for", searchedIn: "Searched in",
    expandedTo: "expanded with", previous: "Previous", next: "Next", page: (p, n) => `Page ${p} of ${n}`,
    acceptAll: "Accept all", reject: "Reject", reviewHelp: "Only the tags you accept are saved with the document.",
    searchInstead: "Search instead for", queryTrimmed: "Your search was shortened to its first 1,000 characters.",
    noResultsFor: (q) => q ? `No results for “${q}”.` : "No results for these filters.", tryWithout: "Try without", popularTopics: "Popular topics",
    filters: "Filters", filterBy: "Filter by", sdgShort: "SDG",
    tagScope: "Which tags", statedOnly: "SDG links stated by the authors only", primaryOnly: "Primary country only (where the practice happens)",
    clearAll: "Clear all", remove: "Remove filter", themes: "Themes", goals: "SDG goals", targets: "SDG targets",
    regions: "Regions", countries: "Countries", types: "Document type", langs: "Language of the document",
    addDocument: "Add a document", editorTitle: "Add a document", token: "Editor token",
    tokenHelp: "Kept in this browser tab only (sessionStorage).", fieldTitle: "Title",
    fieldText: "Text (at least 50 characters)", fieldFile: "…or a PDF (up to 20 MB)", fieldLang: "Language",
    detect: "Detect", fieldType: "Type", fieldCountries: "Countries (ISO codes, comma-separated: SN, HN)",
    fieldThemes: "Themes", fieldSdg: "SDG targets (comma-separated: 10.7, 17.17)", suggestTags: "Suggest tags",
    submit: "Submit", accept: "Accept", proposals: "Suggested tags", saved: "Saved:", needToken: "Enter your editor token first.",
    fixErrors: "Please correct the fields marked above.", sending: "Sending…",
    coverage: "SDG coverage", coverageCaption: "Units per theme and SDG goal for this search (click a cell to filter)",
    provStated: "stated by the authors", provInferred: "inferred from the text by m4d-search", provEditor: "set by an editor",
    rolePrimary: "where the practice happens", roleMentioned: "mentioned", docLang: (l) => `This document is in ${l}.`,
    notFound: "No document with this id. It may have been removed.", backToSearch: "Search all practices",
    source: "Source", evidence: "Why this tag?", error: "The service could not answer", tags: "Tags",
    cite: "Cite", copy: "Copy", copied: "Copied.", copyFailed: "Copying is not allowed here: select the text instead.",
    download: "Download", pageLink: "Page",
  },
  fr: {
    brand: "m4d-search", skipToResults: "Aller aux résultats", searchHeading: "Pratiques de migration et développement",
    searchLabel: "Rechercher des pratiques", searchPlaceholder: "ex. éducation financière des familles de migrants",
    searchButton: "Rechercher", language: "Langue", sortBy: "Trier par", sortRelevance: "Pertinence", sortTitle: "Titre",
    sortDate: "Date", exportCsv: "Exporter en CSV", back: "← Retour aux résultats", similar: "Pratiques similaires",
    footer: "Sources : publications de l’ICMD ; cibles des ODD de l’ONU.", results: (n, ms) => `${n} résultat${n > 1 ? "s" : ""} (${ms} ms)`,
    noResults: "Aucun résultat. Essayez moins de mots ou retirez un filtre.", didYouMean: "Résultats pour", searchedIn: "Recherche en",
    expandedTo: "élargie avec", previous: "Précédente", next: "Suivante", page: (p, n) => `Page ${p} sur ${n}`,
    acceptAll: "Tout accepter", reject: "Refuser", reviewHelp: "Seules les étiquettes acceptées sont enregistrées avec le document.",
    searchInstead: "Rechercher plutôt", queryTrimmed: "Votre recherche a été réduite à ses 1 000 premiers caractères.",
    noResultsFor: (q) => q ? `Aucun résultat pour « ${q} ».` : "Aucun résultat pour ces filtres.", tryWithout: "Essayer sans", popularTopics: "Thèmes fréquents",
    filters: "Filtres", filterBy: "Filtrer par", sdgShort: "ODD",
    tagScope: "Quelles étiquettes", statedOnly: "Liens ODD indiqués par les auteurs seulement", primaryOnly: "Pays principal seulement (lieu de la pratique)",
    clearAll: "Tout effacer", remove: "Retirer le filtre", themes: "Thèmes", goals: "Objectifs de développement durable",
    targets: "Cibles des ODD", regions: "Régions", countries: "Pays", types: "Type de document", langs: "Langue du document",
    addDocument: "Ajouter un document", editorTitle: "Ajouter un document", token: "Jeton d’éditeur",
    tokenHelp: "Conservé dans cet onglet seulement (sessionStorage).", fieldTitle: "Titre",
    fieldText: "Texte (au moins 50 caractères)", fieldFile: "…ou un PDF (20 Mo au plus)", fieldLang: "Langue",
    detect: "Détecter", fieldType: "Type", fieldCountries: "Pays (codes ISO séparés par des virgules : SN, HN)",
    fieldThemes: "Thèmes", fieldSdg: "Cibles des ODD (séparées par des virgules : 10.7, 17.17)", suggestTags: "Suggérer des étiquettes",
    submit: "Enregistrer", accept: "Accepter", proposals: "Étiquettes suggérées", saved: "Enregistré :", needToken: "Saisissez d’abord votre jeton d’éditeur.",
    fixErrors: "Corrigez les champs signalés ci-dessus.", sending: "Envoi…",
    coverage: "Couverture des ODD", coverageCaption: "Unités par thème et objectif pour cette recherche (cliquez une case pour filtrer)",
    provStated: "indiqué par les auteurs", provInferred: "déduit du texte par m4d-search", provEditor: "choisi par un éditeur",
    rolePrimary: "lieu de la pratique", roleMentioned: "mentionné", docLang: (l) => `Ce document est en ${l}.`,
    notFound: "Aucun document avec cet identifiant. Il a peut-être été retiré.", backToSearch: "Rechercher toutes les pratiques",
    source: "Source", evidence: "Pourquoi cette étiquette ?", error: "Le service n’a pas pu répondre", tags: "Étiquettes",
    cite: "Citer", copy: "Copier", copied: "Copié.", copyFailed: "Copie impossible ici : sélectionnez le texte.",
    download: "Télécharger", pageLink: "Page",
  },
  es: {
    brand: "m4d-search", skipToResults: "Ir a los resultados", searchHeading: "Prácticas de migración y desarrollo",
    searchLabel: "Buscar prácticas", searchPlaceholder: "p. ej. educación financiera para familias receptoras de remesas",
    searchButton: "Buscar", language: "Idioma", sortBy: "Ordenar por", sortRelevance: "Relevancia", sortTitle: "Título",
    sortDate: "Fecha", exportCsv: "Exportar CSV", back: "← Volver a los resultados", similar: "Prácticas similares",
    footer: "Fuentes: publicaciones de la JMDI; metas de los ODS de la ONU.", results: (n, ms) => `${n} resultado${n === 1 ? "" : "s"} (${ms} ms)`,
    noResults: "Sin resultados. Pruebe con menos palabras o quite un filtro.", didYouMean: "Resultados para", searchedIn: "Búsqueda en",
    expandedTo: "ampliada con", previous: "Anterior", next: "Siguiente", page: (p, n) => `Página ${p} de ${n}`,
    acceptAll: "Aceptar todas", reject: "Rechazar", reviewHelp: "Solo se guardan con el documento las etiquetas que acepte.",
    searchInstead: "Buscar en su lugar", queryTrimmed: "Su búsqueda se acortó a sus primeros 1000 caracteres.",
    noResultsFor: (q) => q ? `Sin resultados para «${q}».` : "Sin resultados para estos filtros.", tryWithout: "Probar sin", popularTopics: "Temas frecuentes",
    filters: "Filtros", filterBy: "Filtrar por", sdgShort: "ODS",
    tagScope: "Qué etiquetas", statedOnly: "Solo vínculos ODS indicados por los autores", primaryOnly: "Solo país principal (donde ocurre la práctica)",
    clearAll: "Borrar todo", remove: "Quitar filtro", themes: "Temas", goals: "Objetivos de Desarrollo Sostenible",
    targets: "Metas de los ODS", regions: "Regiones", countries: "Países", types: "Tipo de documento", langs: "Idioma del documento",
    addDocument: "Añadir un documento", editorTitle: "Añadir un documento", token: "Token de editor",
    tokenHelp: "Se guarda solo en esta pestaña (sessionStorage).", fieldTitle: "Título",
    fieldText: "Texto (al menos 50 caracteres)", fieldFile: "…o un PDF (20 MB como máximo)", fieldLang: "Idioma",
    detect: "Detectar", fieldType: "Tipo", fieldCountries: "Países (códigos ISO separados por comas: SN, HN)",
    fieldThemes: "Temas", fieldSdg: "Metas de los ODS (separadas por comas: 10.7, 17.17)", suggestTags: "Sugerir etiquetas",
    submit: "Guardar", accept: "Aceptar", proposals: "Etiquetas sugeridas", saved: "Guardado:", needToken: "Introduzca primero su token de editor.",
    fixErrors: "Corrija los campos señalados arriba.", sending: "Enviando…",
    coverage: "Cobertura de los ODS", coverageCaption: "Unidades por tema y objetivo para esta búsqueda (haga clic en una celda para filtrar)",
    provStated: "indicado por los autores", provInferred: "deducido del texto por m4d-search", provEditor: "elegido por un editor",
    rolePrimary: "donde ocurre la práctica", roleMentioned: "mencionado", docLang: (l) => `Este documento está en ${l}.`,
    notFound: "No hay ningún documento con este identificador. Puede que se haya retirado.", backToSearch: "Buscar todas las prácticas",
    source: "Fuente", evidence: "¿Por qué esta etiqueta?", error: "El servicio no pudo responder", tags: "Etiquetas",
    cite: "Citar", copy: "Copiar", copied: "Copiado.", copyFailed: "No se puede copiar aquí: seleccione el texto.",
    download: "Descargar", pageLink: "Página",
  },
};

export const uiLang = () => {
  const lang = new URLSearchParams(location.search).get("ui_lang");
  return STRINGS[lang] ? lang : "en";
};
export const t = (key) => STRINGS[uiLang()][key] ?? STRINGS.en[key];

export function translateStatic() {
  document.documentElement.lang = uiLang();
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  $("ui-lang").value = uiLang();
}
