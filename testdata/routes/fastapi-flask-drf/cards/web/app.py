from flask import Flask, Blueprint
from flask_restful import Api, Resource

from web.views import bp as views_bp

app = Flask(__name__)
cards = Blueprint("cards", __name__, url_prefix="/cards")


@cards.route("/<int:card_id>/balance")  # route: GET /api/{card_id}/balance
def balance(card_id):
    pass


@cards.route("/<card_id>/freeze", methods=["POST", "PUT"])  # route: POST /api/{card_id}/freeze, PUT /api/{card_id}/freeze
@login_required
def freeze(card_id):
    pass


app.register_blueprint(cards, url_prefix="/api")
app.register_blueprint(views_bp)

api = Api(app)


class Notice(Resource):
    def get(self, notice_id):
        pass

    def delete(self, notice_id):
        pass


api.add_resource(Notice, "/notices/<notice_id>")  # route: GET /notices/{notice_id}, DELETE /notices/{notice_id}
app.add_url_rule("/healthz", "healthz", healthz)  # route: GET /healthz


def register_again(blueprint, options):
    # Not a Django REST framework router: a blueprint registered on the app with its options.
    blueprint.register(app, options)
