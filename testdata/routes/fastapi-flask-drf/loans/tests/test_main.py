from fastapi import FastAPI
app = FastAPI()
@app.get("/only-in-tests")
def x():
    pass
