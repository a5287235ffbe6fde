"""The Swedish layer: lemmas, compounds, entities, sentences, stop words and word frequencies; a text's analysis."""
