package cn.lanhai.card.api

const val CARDS = "/v1/cards"

object Paths {
    const val STATEMENTS = "$CARDS/{cardId}/statements"
}
